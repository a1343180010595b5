/**
 * Typed length (and angle) while drawing: digits open a length field at the pointer; `<` or Tab
 * moves to the angle field (so `6<90` is 6 m at 90°), Enter commits, Escape closes the field,
 * Backspace deletes. Pure: keys in (the commands' notation), entry out.
 */

/** The typed field's text. */
export interface TypedEntry {
  readonly length: string;
  readonly angle: string;
  readonly field: 'length' | 'angle';
}

/** What a key did to the entry. */
export type TypedKeyResult = { readonly entry: TypedEntry | null } | { readonly commit: TypedEntry } | undefined;

const NUMBER_KEY = /^[0-9.,]$/;

/** True for a key that opens the length field (a digit or a decimal point). */
export function opensEntry(key: string): boolean {
  return NUMBER_KEY.test(key);
}

/**
 * Applies a key to the entry (null: no field open). Returns the new entry (null closes the
 * field), `commit` on Enter, or undefined when the key means nothing to an open field.
 */
export function typeKey(entry: TypedEntry | null, key: string): TypedKeyResult {
  if (!entry) return opensEntry(key) ? { entry: { length: key === ',' ? '.' : key, angle: '', field: 'length' } } : undefined;
  const set = (text: string) => ({ entry: { ...entry, [entry.field]: text } });
  const text = entry[entry.field];
  if (NUMBER_KEY.test(key)) return set(text + (key === ',' ? '.' : key));
  if (key === '-' && entry.field === 'angle' && text === '') return set('-');
  if (key === '<' || key === 'tab') return { entry: { ...entry, field: entry.field === 'length' ? 'angle' : 'length' } };
  if (key === 'backspace') {
    if (text.length > 0) return set(text.slice(0, -1));
    if (entry.field === 'angle') return { entry: { ...entry, field: 'length' } };
    return { entry: null };
  }
  if (key === 'escape') return { entry: null };
  if (key === 'enter') return { commit: entry };
  return undefined;
}

/** The typed values, or an error in words. */
export function parseEntry(entry: TypedEntry): { ok: true; length: number; degrees?: number } | { ok: false; message: string } {
  const length = Number(entry.length);
  if (entry.length === '' || !Number.isFinite(length) || length <= 0) return { ok: false, message: 'Type a length in metres greater than 0.' };
  if (entry.angle === '' || entry.angle === '-') return { ok: true, length };
  const degrees = Number(entry.angle);
  if (!Number.isFinite(degrees)) return { ok: false, message: 'Type the angle in degrees, counter-clockwise from east.' };
  return { ok: true, length, degrees };
}
