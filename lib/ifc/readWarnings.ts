/**
 * The import's warnings: de-duplicated, and capped per code so that a file with ten thousand
 * broken doors yields a readable list ("… and 9,950 more like this") rather than a wall of text.
 */
import type { ImportWarning } from './types';

/** Warnings kept per code before the rest are only counted. */
export const WARNINGS_PER_CODE = 50;

export class WarningLog {
  readonly #kept: ImportWarning[] = [];
  readonly #seen = new Set<string>();
  readonly #perCode = new Map<string, number>();
  readonly #dropped = new Map<string, number>();

  /** Adds a warning unless the same message was given already. */
  add(code: string, message: string, line?: number): void {
    const key = `${code}\u0000${message}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    const n = this.#perCode.get(code) ?? 0;
    this.#perCode.set(code, n + 1);
    if (n >= WARNINGS_PER_CODE) {
      this.#dropped.set(code, (this.#dropped.get(code) ?? 0) + 1);
      return;
    }
    this.#kept.push(line === undefined ? { code, message } : { code, message, line });
  }

  /** Every warning kept, then one line per code that was capped. */
  list(): ImportWarning[] {
    const summary = [...this.#dropped].map(([code, n]) => ({ code, message: `… and ${n.toLocaleString('en-US')} more like this.` }));
    return [...this.#kept, ...summary];
  }
}
