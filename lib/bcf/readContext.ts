/**
 * What the parts of `readBcf` share while one archive is read: its files (inflated on first use,
 * within the budget), GUIDs made lowercase (or replaced, consistently, when they are not UUIDs),
 * documents found along the way, and warnings.
 */
import { inflateEntry, type InflateBudget, type ZipEntry } from './readZip';
import type { BcfDocument, BcfWarning } from './types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class ReadContext {
  readonly warnings: BcfWarning[] = [];
  /** Documents a 2.1 DocumentReference points to inside the archive. */
  readonly foundDocuments: BcfDocument[] = [];
  private readonly exact = new Map<string, ZipEntry>();
  private readonly folded = new Map<string, ZipEntry>();
  private readonly replaced = new Map<string, string>();
  private readonly inflated = new Map<string, Uint8Array>();

  constructor(
    private readonly bytes: Uint8Array,
    entries: readonly ZipEntry[],
    private readonly budget: InflateBudget,
  ) {
    for (const entry of entries) {
      if (entry.name.endsWith('/')) continue;
      this.exact.set(entry.name, entry);
      if (!this.folded.has(entry.name.toLowerCase())) this.folded.set(entry.name.toLowerCase(), entry);
    }
  }

  /** Paths of the files in the archive (folders left out). */
  paths(): string[] {
    return [...this.exact.keys()];
  }

  /** The path of the file at `path`, matched exactly or else ignoring case (tools on Windows); undefined when missing. */
  find(path: string): string | undefined {
    return (this.exact.get(path) ?? this.folded.get(path.toLowerCase()))?.name;
  }

  /** The content of the file at `path` (see {@link find}), inflated once; undefined when missing. */
  read(path: string): Uint8Array | undefined {
    const entry = this.exact.get(path) ?? this.folded.get(path.toLowerCase());
    if (!entry) return undefined;
    let bytes = this.inflated.get(entry.name);
    if (!bytes) {
      bytes = inflateEntry(this.bytes, entry, this.budget);
      this.inflated.set(entry.name, bytes);
    }
    return bytes;
  }

  warn(code: string, message: string, topicGuid?: string): void {
    this.warnings.push(topicGuid === undefined ? { code, message } : { code, message, topicGuid });
  }

  /**
   * `raw` as a lowercase UUID. One that is missing or not a UUID is replaced by a new one (the
   * same for the same text, so references to it still match) and reported.
   */
  guid(raw: string | undefined, what: string, topicGuid?: string): string {
    const lower = raw?.trim().toLowerCase();
    if (lower !== undefined && UUID.test(lower)) return lower;
    const key = raw ?? '';
    let made = raw === undefined ? undefined : this.replaced.get(key);
    if (made === undefined) {
      made = crypto.randomUUID();
      if (raw !== undefined) this.replaced.set(key, made);
      this.warn('guid', raw === undefined ? `${what} has no GUID: it was given ${made}.` : `${what} has the GUID "${raw}", which is not a UUID: it was given ${made}.`, topicGuid);
    }
    return made;
  }
}

/**
 * The archive path `reference` points to from `folder` (`../x`, `./x`, backslashes); undefined
 * for a URL.
 */
export function resolvePath(folder: string, reference: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference)) return undefined;
  const parts = reference.startsWith('/') ? [] : folder.split('/').filter(Boolean);
  for (const part of reference.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}
