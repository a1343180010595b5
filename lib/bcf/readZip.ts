/**
 * The zip container of a BCF archive, read with a budget. fflate inflates; the directory is read
 * here because fflate cannot do what a hostile upload needs: `unzipSync` inflates each entry into
 * a buffer of the size the entry *declares* and keeps decoding past it (what does not fit is
 * dropped), so an entry that lies about its size costs unbounded time without a word; its
 * streaming `Unzip` finds where an entry ends by scanning for signatures. Here the central
 * directory gives each entry's offset and declared size, and fflate's streaming `Inflate` is fed
 * 16 KB at a time while the output is counted, so an entry is refused as soon as it outgrows what
 * it declared, with at most one chunk's output (≤ 16.5 MB) in memory beyond it.
 */
import { Inflate } from 'fflate';
import { BcfImportError } from './types';

/** One entry of the central directory. */
export interface ZipEntry {
  readonly name: string;
  /** 0 = stored, 8 = deflate; anything else cannot be read. */
  readonly method: number;
  readonly compressedSize: number;
  /** The uncompressed size the entry declares. */
  readonly size: number;
  readonly localHeaderOffset: number;
  readonly encrypted: boolean;
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;
/** Compressed bytes handed to the inflater at a time: bounds the output of one step to ~1032×. */
const CHUNK = 16 * 1024;

const NOT_ZIP = 'The file is not a BCF archive: it is not a zip file.';

/** The entries of the zip in `bytes`. Throws {@link BcfImportError} `not_zip` or `too_large` (more than `maxEntries`). */
export function listZip(bytes: Uint8Array, maxEntries: number): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(bytes);
  let count = u16(bytes, eocd + 10);
  let offset = u32(bytes, eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) ({ count, offset } = readZip64End(bytes, eocd));
  if (count > maxEntries) {
    throw new BcfImportError('too_large', `The archive holds ${count.toLocaleString('en')} files; archives of up to ${maxEntries.toLocaleString('en')} files can be imported.`);
  }
  const entries: ZipEntry[] = [];
  let p = offset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== CENTRAL) throw new BcfImportError('not_zip', 'The file is not a BCF archive that can be read: its zip directory is damaged.');
    const flags = u16(bytes, p + 8);
    const nameLength = u16(bytes, p + 28);
    const extraLength = u16(bytes, p + 30);
    const commentLength = u16(bytes, p + 32);
    const name = new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength));
    const sizes = { size: u32(bytes, p + 24), compressedSize: u32(bytes, p + 20), localHeaderOffset: u32(bytes, p + 42) };
    readZip64Extra(bytes.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength), sizes);
    entries.push({ name, method: u16(bytes, p + 10), ...sizes, encrypted: (flags & 1) !== 0 });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** What the entries read so far may still unpack to. */
export interface InflateBudget {
  remaining: number;
}

/**
 * The content of `entry`, never more than it declares nor than `budget` allows. Throws
 * {@link BcfImportError}: `zip_bomb` when the data outgrows its declared size or the budget,
 * `not_zip` when it is damaged, encrypted or compressed with a method other than deflate.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, budget: InflateBudget): Uint8Array {
  if (entry.encrypted) throw new BcfImportError('not_zip', `The archive cannot be read: ${entry.name} is password-protected.`);
  if (entry.size > budget.remaining) {
    throw new BcfImportError('zip_bomb', `The archive is refused as a possible zip bomb: ${entry.name} would unpack to ${sizeInWords(entry.size)}, more than the ${sizeInWords(budget.remaining)} left of what can be read.`);
  }
  const start = dataStart(bytes, entry);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (data.length < entry.compressedSize) throw damaged(entry.name, 'it is cut off');
  let out: Uint8Array;
  if (entry.method === 0) out = data.slice();
  else if (entry.method === 8) out = inflateCounted(data, entry);
  else throw new BcfImportError('not_zip', `The archive cannot be read: ${entry.name} is compressed with zip method ${entry.method}; only deflate is supported.`);
  if (out.length !== entry.size) throw damaged(entry.name, `it holds ${out.length} bytes instead of the ${entry.size} it declares`);
  budget.remaining -= out.length;
  return out;
}

function inflateCounted(data: Uint8Array, entry: ZipEntry): Uint8Array {
  if (entry.size === 0 && data.length <= 2) return new Uint8Array(0);
  const out = new Uint8Array(entry.size);
  let length = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    if (length + chunk.length > entry.size) overflow = true;
    else out.set(chunk, length);
    length += chunk.length;
  });
  try {
    for (let p = 0; p < data.length && !overflow; p += CHUNK) inflater.push(data.subarray(p, p + CHUNK), p + CHUNK >= data.length);
  } catch (error) {
    throw damaged(entry.name, `its data is damaged (${error instanceof Error ? error.message : String(error)})`);
  }
  if (overflow) {
    throw new BcfImportError('zip_bomb', `The archive is refused as a possible zip bomb: ${entry.name} unpacks to more than the ${entry.size.toLocaleString('en')} bytes it declares.`);
  }
  return length === out.length ? out : out.subarray(0, length);
}

function damaged(name: string, why: string): BcfImportError {
  return new BcfImportError('not_zip', `The archive cannot be read: ${name} is damaged (${why}).`);
}

function dataStart(bytes: Uint8Array, entry: ZipEntry): number {
  const p = entry.localHeaderOffset;
  if (p + 30 > bytes.length || u32(bytes, p) !== LOCAL) throw damaged(entry.name, 'its local header is missing');
  return p + 30 + u16(bytes, p + 26) + u16(bytes, p + 28);
}

function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const last = bytes.length - 22;
  for (let p = last; p >= 0 && p >= last - MAX_COMMENT; p--) {
    if (u32(bytes, p) === EOCD) return p;
  }
  const cut = bytes[0] === 0x50 && bytes[1] === 0x4b;
  throw new BcfImportError('not_zip', cut ? 'The archive is cut off: its zip directory is missing (was the upload or download interrupted?)' : NOT_ZIP);
}

function readZip64End(bytes: Uint8Array, eocd: number): { count: number; offset: number } {
  const locator = eocd - 20;
  if (locator < 0 || u32(bytes, locator) !== EOCD64_LOCATOR) throw new BcfImportError('not_zip', NOT_ZIP);
  const end = u64(bytes, locator + 8);
  if (end + 56 > bytes.length || u32(bytes, end) !== EOCD64) throw new BcfImportError('not_zip', NOT_ZIP);
  return { count: u64(bytes, end + 32), offset: u64(bytes, end + 48) };
}

/** Zip64 extra field (id 1): the 64-bit values of the 32-bit fields that are 0xFFFFFFFF, in this order. */
function readZip64Extra(extra: Uint8Array, sizes: { size: number; compressedSize: number; localHeaderOffset: number }): void {
  for (let p = 0; p + 4 <= extra.length; p += 4 + u16(extra, p + 2)) {
    if (u16(extra, p) !== 1) continue;
    let q = p + 4;
    for (const key of ['size', 'compressedSize', 'localHeaderOffset'] as const) {
      if (sizes[key] === 0xffffffff && q + 8 <= extra.length) {
        sizes[key] = u64(extra, q);
        q += 8;
      }
    }
  }
}

function u16(b: Uint8Array, p: number): number {
  return (b[p] ?? 0) | ((b[p + 1] ?? 0) << 8);
}

function u32(b: Uint8Array, p: number): number {
  return (u16(b, p) | (u16(b, p + 2) << 16)) >>> 0;
}

function u64(b: Uint8Array, p: number): number {
  return u32(b, p) + u32(b, p + 4) * 0x100000000;
}

/** A size in words: `850 KB`, `2.5 MB`, `300 MB`. */
export function sizeInWords(n: number): string {
  if (n < 1024 * 1024) return `${Math.ceil(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
