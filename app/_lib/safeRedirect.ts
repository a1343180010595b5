/** A same-site path to go to after signing in: relative paths only (no `//host`, no schemes), else `fallback`. */
export function safeCallbackPath(value: unknown, fallback = '/buildings'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}
