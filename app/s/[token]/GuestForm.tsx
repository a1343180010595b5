'use client';

import { useActionState } from 'react';
import { FormError, inputClass, primaryButtonClass } from '@/app/_components/AuthCard';
import { openAsGuest, type GuestFormState } from './actions';

/** "Continue as a guest" with a name of the guest's choice (shown to others in the building). */
export function GuestForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<GuestFormState, FormData>(openAsGuest.bind(null, token), { error: null });
  return (
    <form action={action} className="space-y-3" aria-label="Continue as a guest">
      <FormError message={state.error} />
      <label className="block text-sm font-medium text-slate-700">
        Your name
        <input name="name" required maxLength={60} className={inputClass} placeholder="How others will see you" />
      </label>
      <button type="submit" disabled={pending} className={primaryButtonClass}>
        Continue as a guest
      </button>
    </form>
  );
}
