'use client';

import { AuthField, FormError, primaryButtonClass } from '@/app/_components/AuthCard';
import { useFormSubmit } from '@/app/_components/useFormSubmit';
import { signInWithPassword } from '@/app/_lib/signInWithPassword';
import { describeSignInError } from '@/lib/auth/signInMessages';

/** Creates the account (POST /api/v1/auth/signup), then signs in with the same credentials. */
export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const { error, pending, submit } = useFormSubmit();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') };
    void submit(async () => {
      const response = await fetch('/api/v1/auth/signup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) {
        const answer = (await response.json().catch(() => null)) as { message?: string } | null;
        return humanize(answer?.message) ?? `Signing up failed (HTTP ${response.status}).`;
      }
      const signedIn = await signInWithPassword({ email: body.email, password: body.password }, callbackUrl);
      if (signedIn.ok) return null;
      return signedIn.error ? describeSignInError(signedIn.error) : 'Your account was created, but signing in failed. Sign in again.';
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormError message={error} />
      <AuthField label="Name" name="name" type="text" autoComplete="name" />
      <AuthField label="Email" name="email" type="email" autoComplete="email" />
      <AuthField label="Password" name="password" type="password" autoComplete="new-password" minLength={10} hint="At least 10 characters." />
      <button type="submit" disabled={pending} className={primaryButtonClass}>
        {pending ? 'Creating your account…' : 'Create account'}
      </button>
    </form>
  );
}

/** `email: email must be an email address; password: …` -> `Email must be an email address. Password …` */
function humanize(message: string | undefined): string | null {
  if (!message) return null;
  return message
    .split('; ')
    .map((part) => part.replace(/^(\w+): /, ''))
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1) + (part.endsWith('.') ? '' : '.'))
    .join(' ');
}
