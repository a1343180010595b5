import { signIn } from 'next-auth/react';

/**
 * Signs in with email and password through next-auth (CSRF-protected by next-auth) and, when that
 * works, goes to `callbackUrl` with a full page load (so server components see the new session).
 * Resolves to next-auth's error (`''` when it gave none) when signing in fails.
 */
export async function signInWithPassword(credentials: { email: string; password: string }, callbackUrl: string): Promise<{ ok: true } | { ok: false; error: string }> {
  const result = await signIn('credentials', { ...credentials, redirect: false, callbackUrl });
  if (!result || result.error) return { ok: false, error: result?.error ?? '' };
  window.location.assign(callbackUrl);
  return { ok: true };
}
