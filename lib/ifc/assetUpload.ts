/**
 * The body of `POST /api/v1/buildings/{id}/assets`: many geometry assets in one request, so the
 * browser's import uploads what it read in one go. Runs the same in the page, a worker and Node.
 *
 * Framing: the assets one after the other, each as
 *   u32 length (little-endian, as every ArxOS binary format: lib/ifc/meshAsset.ts)
 *   length bytes
 * and nothing else (no header, no trailing bytes). The server hashes each asset itself (sha256)
 * and answers the hashes in the same order; nothing in the body is trusted as a name.
 */
import { err, ok, type Result } from '../model';

/** Bytes of the length prefix of one asset. */
const PREFIX = 4;

/** Frames `assets` for upload. */
export function encodeAssetUpload(assets: Iterable<Uint8Array>): Uint8Array {
  const list = [...assets];
  const size = list.reduce((n, a) => n + PREFIX + a.byteLength, 0);
  const body = new Uint8Array(size);
  const view = new DataView(body.buffer);
  let at = 0;
  for (const asset of list) {
    if (asset.byteLength > 0xffffffff) throw new RangeError('an asset larger than 4 GiB cannot be framed');
    view.setUint32(at, asset.byteLength, true);
    body.set(asset, at + PREFIX);
    at += PREFIX + asset.byteLength;
  }
  return body;
}

/**
 * The assets framed in `body` (views into it, not copies). An error in words for a body that is
 * not exactly a sequence of frames: a length running past the end, or a partial prefix.
 */
export function decodeAssetUpload(body: Uint8Array): Result<Uint8Array[], string> {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const assets: Uint8Array[] = [];
  let at = 0;
  while (at < body.byteLength) {
    if (body.byteLength - at < PREFIX) return err(`asset ${assets.length + 1}: ${body.byteLength - at} byte(s) left where a 4-byte length was expected`);
    const length = view.getUint32(at, true);
    const start = at + PREFIX;
    if (length > body.byteLength - start) return err(`asset ${assets.length + 1}: its length (${length} bytes) runs past the end of the body (${body.byteLength - start} left)`);
    assets.push(body.subarray(start, start + length));
    at = start + length;
  }
  return ok(assets);
}
