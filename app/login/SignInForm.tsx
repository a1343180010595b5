'use client';

import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { FormError, inputClass, primaryButtonClass } from '@/app/_components/AuthCard';
import { describeSignInError as describeError } from '@/lib/auth/signInMessages';

/** Email + password sign-in (next-auth Credentials, CSRF-protected by next-auth), and OAuth buttons. */
export function SignInForm({ callbackUrl, initialError, oauth }: { callbackUrl: string; initialError: string | null; oauth: { id: string; name: string }[] }) {
  const [error, setError] = useState<string | null>(initialError ? describeError(initialError) : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn('credentials', { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? ''), redirect: false, callbackUrl });
      if (!result || result.error) {
        setError(describeError(result?.error ?? ''));
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
    <div className="space-y-6">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <FormError message={error} />
        <label className="block text-sm font-medium text-slate-700">
          Email
          <input name="email" type="email" autoComplete="email" required className={inputClass} />
        </label>
        <label className="block text-sm font-medium text-slate-700">
          Password
          <input name="password" type="password" autoComplete="current-password" required className={inputClass} />
        </label>
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
