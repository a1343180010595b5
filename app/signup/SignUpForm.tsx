'use client';

import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { FormError, inputClass, primaryButtonClass } from '@/app/_components/AuthCard';
import { describeSignInError } from '@/lib/auth/signInMessages';

/** Creates the account (POST /api/v1/auth/signup), then signs in with the same credentials. */
export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = { name: String(form.get('name') ?? ''), email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') };
    setPending(true);
    setError(null);
    try {
      const response = await fetch('/api/v1/auth/signup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) {
        const answer = (await response.json().catch(() => null)) as { message?: string } | null;
        setError(humanize(answer?.message) ?? `Signing up failed (HTTP ${response.status}).`);
        return;
      }
      const result = await signIn('credentials', { email: body.email, password: body.password, redirect: false, callbackUrl });
      if (!result || result.error) {
        setError(result?.error ? describeSignInError(result.error) : 'Your account was created, but signing in failed. Sign in again.');
        return;
      }
      window.location.assign(callbackUrl);
    } catch {
      setError('The server could not be reached. Check your connection and try again.');
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormError message={error} />
      <label className="block text-sm font-medium text-slate-700">
        Name
        <input name="name" type="text" autoComplete="name" required className={inputClass} />
      </label>
      <label className="block text-sm font-medium text-slate-700">
        Email
        <input name="email" type="email" autoComplete="email" required className={inputClass} />
      </label>
      <label className="block text-sm font-medium text-slate-700">
        Password
        <input name="password" type="password" autoComplete="new-password" required minLength={10} className={inputClass} />
        <span className="mt-1 block text-xs font-normal text-slate-500">At least 10 characters.</span>
      </label>
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
