import { describe, expect, it } from 'vitest';
import { CloseCode, isRetryableCloseCode, RETRY_MAX_MS, retryDelayMs } from '@/lib/protocol';

describe('retryDelayMs (what clients wait before reconnecting after a transient refusal)', () => {
  it.each([
    [0, 0, 750],
    [0, 0.999_999, 1_250],
    [1, 0.5, 2_000],
    [2, 0.5, 4_000],
    [4, 0.5, 16_000],
    [5, 0.5, RETRY_MAX_MS],
    [40, 0.5, RETRY_MAX_MS],
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(retryDelayMs(attempt, () => random)).toBe(expected);
  });

  it('waits longer after each refusal until the cap, whatever the jitter', () => {
    for (let attempt = 0; attempt < 4; attempt++) {
      const longestNow = retryDelayMs(attempt, () => 0.999_999);
      const shortestNext = retryDelayMs(attempt + 1, () => 0);
      expect(shortestNext).toBeGreaterThan(longestNow);
    }
  });

  it('treats 4429, 4408, 4500 and 4503 as transient, the other 44xx codes as final', () => {
    for (const code of [CloseCode.RateLimited, CloseCode.Timeout, CloseCode.ServerError, CloseCode.Unavailable]) expect(isRetryableCloseCode(code)).toBe(true);
    for (const code of [CloseCode.BadMessage, CloseCode.Forbidden, CloseCode.TooLarge, CloseCode.DocumentReplaced]) expect(isRetryableCloseCode(code)).toBe(false);
  });
});
