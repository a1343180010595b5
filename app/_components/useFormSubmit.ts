import { useState } from 'react';

/** What a form shows when the request never reached the server. */
export const UNREACHABLE_MESSAGE = 'The server could not be reached. Check your connection and try again.';

/**
 * The pending flag and the error in words of a form that talks to the server. `submit(action)`
 * clears the error, runs `action` (which resolves to the error to show, or null), and shows
 * {@link UNREACHABLE_MESSAGE} when it throws (the network failed).
 */
export function useFormSubmit(initialError: string | null = null) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function submit(action: () => Promise<string | null>): Promise<void> {
    setPending(true);
    setError(null);
    try {
      const failure = await action();
      if (failure !== null) setError(failure);
    } catch {
      setError(UNREACHABLE_MESSAGE);
    } finally {
      setPending(false);
    }
  }

  return { error, pending, submit };
}
