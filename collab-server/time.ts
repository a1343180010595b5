/**
 * Deadlines: the collaboration server never waits on the store (or anything else outside the
 * process) without one (SPEC.md rule 13). One helper for every such wait.
 */

/** A wait that ran out of time. */
export class DeadlineExceeded extends Error {
  constructor(what: string, ms: number) {
    super(`${what} got no answer within ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/**
 * `promise`, or a rejection with {@link DeadlineExceeded} after `ms`. The promise itself runs on
 * (nothing can cancel it); a rejection it has after the deadline is ignored.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(what, ms)), Math.max(0, ms));
  });
  promise.catch(() => {}); // settled late or not at all: not an unhandled rejection
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/**
 * Waits until every promise has settled, but not past `deadline` (ms since the epoch). Resolves
 * true if all settled in time. Never rejects.
 */
export async function settleBy(promises: readonly Promise<unknown>[], deadline: number): Promise<boolean> {
  if (promises.length === 0) return true;
  try {
    await withDeadline(Promise.allSettled(promises), deadline - Date.now(), 'settle');
    return true;
  } catch {
    return false;
  }
}
