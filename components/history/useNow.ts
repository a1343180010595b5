import { useEffect, useState } from 'react';

/** The time (ms since the epoch), ticking every `everyMs`: for "5 min ago" that stays true. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
