/** Counts live connections per client address and per document (SPEC.md rule 10). */
export class ConnectionLimiter {
  readonly #perAddress = new Map<string, number>();
  readonly #perDoc = new Map<string, number>();

  constructor(
    private readonly maxPerAddress: number,
    private readonly maxPerDoc: number,
  ) {}

  /** Counts a new connection, or says which limit it would exceed (then nothing is counted). */
  admit(address: string, docName: string): { ok: true } | { ok: false; error: string } {
    const fromAddress = this.#perAddress.get(address) ?? 0;
    if (fromAddress >= this.maxPerAddress) return { ok: false, error: `${fromAddress} connections from ${address} (limit ${this.maxPerAddress})` };
    const onDoc = this.#perDoc.get(docName) ?? 0;
    if (onDoc >= this.maxPerDoc) return { ok: false, error: `${onDoc} connections to ${docName} (limit ${this.maxPerDoc})` };
    this.#perAddress.set(address, fromAddress + 1);
    this.#perDoc.set(docName, onDoc + 1);
    return { ok: true };
  }

  /** Whether {@link admit} would succeed now (counts nothing): lets a doomed upgrade skip costly checks. */
  wouldAdmit(address: string, docName: string): boolean {
    return (this.#perAddress.get(address) ?? 0) < this.maxPerAddress && (this.#perDoc.get(docName) ?? 0) < this.maxPerDoc;
  }

  /** Uncounts an admitted connection. */
  release(address: string, docName: string): void {
    decrement(this.#perAddress, address);
    decrement(this.#perDoc, docName);
  }
}

function decrement(map: Map<string, number>, key: string): void {
  const n = (map.get(key) ?? 0) - 1;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}
