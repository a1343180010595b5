'use client';

import { signOut } from 'next-auth/react';

/** Signs out through next-auth (a CSRF-protected POST) and goes to the sign-in page. */
export function SignOutButton() {
  return (
    <button type="button" onClick={() => void signOut({ callbackUrl: '/login' })} className="text-sm text-slate-600 hover:text-slate-900">
      Sign out
    </button>
  );
}
