/** The framing of `POST /api/v1/buildings/{id}/assets` (lib/ifc/assetUpload.ts). */
import { describe, expect, it } from 'vitest';
import { decodeAssetUpload, encodeAssetUpload } from '@/lib/ifc/assetUpload';

describe('asset upload framing', () => {
  it('round-trips assets, empty ones and none, as [u32 little-endian length][bytes] each', () => {
    const assets = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(300).fill(9)];
    const body = encodeAssetUpload(assets);
    expect(body.byteLength).toBe(3 * 4 + 303);
    expect([...body.subarray(0, 7)]).toEqual([3, 0, 0, 0, 1, 2, 3]);
    expect(decodeAssetUpload(body)).toEqual({ ok: true, value: assets });
    expect(decodeAssetUpload(encodeAssetUpload([]))).toEqual({ ok: true, value: [] });
  });

  it('refuses a length running past the end and a partial length prefix, in words', () => {
    const body = encodeAssetUpload([new Uint8Array(10), new Uint8Array(10)]);
    expect(decodeAssetUpload(body.subarray(0, 20))).toEqual({ ok: false, error: 'asset 2: its length (10 bytes) runs past the end of the body (2 left)' });
    expect(decodeAssetUpload(body.subarray(0, 16))).toEqual({ ok: false, error: 'asset 2: 2 byte(s) left where a 4-byte length was expected' });
    expect(decodeAssetUpload(new Uint8Array([255, 255, 255, 255]))).toMatchObject({ ok: false });
  });
});
