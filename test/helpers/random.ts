/** mulberry32: a small, fast, seedable PRNG, so seeded fuzz tests replay exactly. */
export function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    /** Uniform in [0, 1). */
    next,
    /** Integer in [0, n). */
    int: (n: number) => Math.floor(next() * n),
    /** A random element, or undefined for an empty list. */
    pick: <T>(xs: readonly T[]): T | undefined => (xs.length === 0 ? undefined : xs[Math.floor(next() * xs.length)]),
  };
}
export type Rng = ReturnType<typeof rng>;

/** `length` deterministic pseudo-random bytes. */
export function seededBytes(seed: number, length: number): Uint8Array {
  const r = rng(seed);
  return Uint8Array.from({ length }, () => r.int(256));
}
