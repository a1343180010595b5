'use client';

import { signIn } from 'next-auth/react';
import { AuthField, FormError, primaryButtonClass } from '@/app/_components/AuthCard';
import { useFormSubmit } from '@/app/_components/useFormSubmit';
import { signInWithPassword } from '@/app/_lib/signInWithPassword';
import { describeSignInError as describeError } from '@/lib/auth/signInMessages';

/** Email + password sign-in (next-auth Credentials, CSRF-protected by next-auth), and OAuth buttons. */
export function SignInForm({ callbackUrl, initialError, oauth }: { callbackUrl: string; initialError: string | null; oauth: { id: string; name: string }[] }) {
  const { error, pending, submit } = useFormSubmit(initialError ? describeError(initialError) : null);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void submit(async () => {
      const signedIn = await signInWithPassword({ email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') }, callbackUrl);
      return signedIn.ok ? null : describeError(signedIn.error);
    });
  }

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <FormError message={error} />
        <AuthField label="Email" name="email" type="email" autoComplete="email" />
        <AuthField label="Password" name="password" type="password" autoComplete="current-password" />
        <button type="submit" disabled={pending} className={primaryButtonClass}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {oauth.length > 0 && (
        <div className="space-y-2 border-t border-slate-200 pt-6">
          {oauth.map((p) => (
            <button
              key={p.id}
              type="button"
              onClick={() => void signIn(p.id, { callbackUrl })}
              className="inline-flex w-full items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50"
            >
              Continue with {p.name}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
