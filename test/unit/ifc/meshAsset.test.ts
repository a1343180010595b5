import { describe, expect, it } from 'vitest';
import { decodeMeshAsset, encodeMeshAsset, MeshAssetError, sha256Hex, type MeshPart } from '@/lib/ifc/meshAsset';
import { cubePart } from './meshFixtures';

const box = (size: number, color: [number, number, number, number] = [0.8, 0.2, 0.1, 1]): MeshPart => cubePart(size, color);

describe('geometry assets', () => {
  it('round-trips a mesh within the quantisation error, with exact indices and colours, in about 8 bytes a vertex', () => {
    const part = box(2.4);
    const bytes = encodeMeshAsset({ parts: [part, box(0.5, [0.2, 0.4, 0.9, 0.5])] });
    const back = decodeMeshAsset(bytes);
    expect(back.parts).toHaveLength(2);
    const p = back.parts[0]!;
    for (let i = 0; i < part.positions.length; i++) expect(Math.abs(p.positions[i]! - part.positions[i]!)).toBeLessThan(2.4 / 65535 + 1e-6);
    for (let i = 0; i < part.normals.length; i++) expect(p.normals[i]).toBeCloseTo(part.normals[i]!, 2);
    expect(Array.from(p.indices)).toEqual(Array.from(part.indices));
    expect(p.color.map((c) => Math.round(c * 255))).toEqual([204, 51, 26, 255]);
    expect(back.parts[1]!.color[3]).toBeCloseTo(0.5, 2);
    expect(bytes.byteLength).toBeLessThan((part.positions.length / 3) * 2 * 8 + 2 * (36 + 36 * 2) + 16);
  });

  it('turns oblique normals into unit vectors pointing the same way', () => {
    const s = Math.SQRT1_2;
    const part: MeshPart = { color: [1, 1, 1, 1], positions: new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]), normals: new Float32Array([s, 0, -s, 0, -s, -s, -0.6, 0.48, -0.64]), indices: new Uint16Array([0, 1, 2]) };
    const n = decodeMeshAsset(encodeMeshAsset({ parts: [part] })).parts[0]!.normals;
    for (let v = 0; v < 3; v++) {
      expect(Math.hypot(n[v * 3]!, n[v * 3 + 1]!, n[v * 3 + 2]!)).toBeCloseTo(1, 5);
      const dot = n[v * 3]! * part.normals[v * 3]! + n[v * 3 + 1]! * part.normals[v * 3 + 1]! + n[v * 3 + 2]! * part.normals[v * 3 + 2]!;
      expect(dot).toBeGreaterThan(0.999);
    }
  });

  it('uses 32-bit indices past 65,536 vertices', () => {
    const n = 70_000;
    const positions = new Float32Array(n * 3).map((_, i) => i * 0.001);
    const normals = new Float32Array(n * 3).map((_, i) => (i % 3 === 2 ? 1 : 0));
    const indices = new Uint32Array([0, 1, n - 1]);
    const back = decodeMeshAsset(encodeMeshAsset({ parts: [{ color: [1, 1, 1, 1], positions, normals, indices }] })).parts[0]!;
    expect(back.indices).toBeInstanceOf(Uint32Array);
    expect(Array.from(back.indices)).toEqual([0, 1, n - 1]);
  });

  it('is deterministic, so the same mesh has the same hash', async () => {
    const a = encodeMeshAsset({ parts: [box(1)] });
    const b = encodeMeshAsset({ parts: [box(1)] });
    expect(await sha256Hex(a)).toBe(await sha256Hex(b));
    expect(await sha256Hex(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(await sha256Hex(encodeMeshAsset({ parts: [box(1.001)] }))).not.toBe(await sha256Hex(a));
  });

  it('refuses bytes that are not an asset, truncated or with indices past the vertices, in words', () => {
    const good = encodeMeshAsset({ parts: [box(1)] });
    expect(() => decodeMeshAsset(new TextEncoder().encode('\x89PNG\r\n\x1a\n....'))).toThrow(/not an ArxOS geometry asset/);
    expect(() => decodeMeshAsset(good.slice(0, good.length - 10))).toThrow(/truncated/);
    expect(() => decodeMeshAsset(new Uint8Array(3))).toThrow(MeshAssetError);
    const bad = good.slice();
    new DataView(bad.buffer).setUint16(bad.length - 2, 999, true);
    expect(() => decodeMeshAsset(bad)).toThrow(/past the part/);
    const longer = new Uint8Array(good.length + 4);
    longer.set(good);
    expect(() => decodeMeshAsset(longer)).toThrow(/trailing/);
    expect(() => encodeMeshAsset({ parts: [{ ...box(1), indices: new Uint32Array([0, 1, 99]) }] })).toThrow(/past the part/);
  });
});
