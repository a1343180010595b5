/**
 * IFC GlobalIds: the 22-character compression of a 128-bit id (the standard "IfcGuid" base-64
 * alphabet `0-9A-Za-z_$`, most significant bits first, so the first character is 0..3), the codec
 * to and from UUIDs, and the GlobalId ArxOS gives each element when it exports one.
 *
 * Rules (notes/ifc.md 2.3): an element imported from IFC keeps its `ifc.globalId` forever; an
 * element born in ArxOS with a UUID id exports as that UUID compressed (so BCF `IfcGuid`s and
 * re-exports match); any other id exports as a GUID derived from a SHA-256 of the id, so the same
 * element gets the same GlobalId on every export. Sync and dependency-free: runs in Node, browsers
 * and workers alike.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_$';
const IFC_GUID = /^[0-3][0-9A-Za-z_$]{21}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a well-formed IFC GlobalId (22 characters of the IfcGuid alphabet, the first 0..3). */
export function isIfcGuid(s: string): boolean {
  return IFC_GUID.test(s);
}

/** True for a UUID in the 8-4-4-4-12 hex form (any version, either case). */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** Compresses a UUID (8-4-4-4-12 hex, either case) into a 22-character IFC GlobalId. Throws on anything else. */
export function uuidToIfcGuid(uuid: string): string {
  if (!isUuid(uuid)) throw new Error(`not a UUID: ${JSON.stringify(uuid)}`);
  let n = BigInt(`0x${uuid.replace(/-/g, '')}`);
  let s = '';
  for (let i = 0; i < 22; i++) {
    s = ALPHABET[Number(n & 63n)] + s;
    n >>= 6n;
  }
  return s;
}

/** Expands an IFC GlobalId into a lower-case UUID. Throws on a string that is not a GlobalId. */
export function ifcGuidToUuid(guid: string): string {
  if (!isIfcGuid(guid)) throw new Error(`not an IFC GlobalId: ${JSON.stringify(guid)}`);
  let n = 0n;
  for (const c of guid) n = (n << 6n) | BigInt(ALPHABET.indexOf(c));
  const h = n.toString(16).padStart(32, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * A GlobalId derived from `key`: SHA-256 of `'arxos:' + key`, the first 128 bits marked as a
 * version-8 (custom) RFC 9562 UUID, compressed. The same key always gives the same GlobalId.
 */
export function hashedIfcGuid(key: string): string {
  const digest = sha256(new TextEncoder().encode(`arxos:${key}`));
  digest[6] = (digest[6]! & 0x0f) | 0x80; // version 8
  digest[8] = (digest[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
  return uuidToIfcGuid(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`);
}

/**
 * The GlobalId an element (or storey) exports with: its `ifc.globalId` when it came from IFC and
 * that id is well formed; else its id compressed when the id is a UUID; else
 * {@link hashedIfcGuid} of the id. Deterministic: the same record exports the same way every time.
 */
export function globalIdOf(element: { readonly id: string; readonly ifc?: { readonly globalId: string } }): string {
  const imported = element.ifc?.globalId;
  if (imported !== undefined && isIfcGuid(imported)) return imported;
  return isUuid(element.id) ? uuidToIfcGuid(element.id) : hashedIfcGuid(element.id);
}

// ---- SHA-256 (FIPS 180-4), synchronous ------------------------------------------------------

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/**
 * SHA-256 of `bytes` (32 bytes). Exported for the tests, which check it against node:crypto; the
 * app uses Web Crypto (async) for asset hashes and this only for short GUID keys.
 */
export function sha256(bytes: Uint8Array): Uint8Array {
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array((((bytes.length + 8) >> 6) + 1) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let block = 0; block < padded.length; block += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(block + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h as unknown as [number, number, number, number, number, number, number, number];
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    const sums = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i++) h[i] = h[i]! + sums[i]!; // Uint32Array wraps modulo 2^32
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]!);
  return out;
}
