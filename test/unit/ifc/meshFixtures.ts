/** Mesh parts for the lib/ifc tests. */
import type { MeshPart } from '@/lib/ifc/meshAsset';

/**
 * A flat-shaded cube of side `size` (24 vertices, 12 triangles), centred on the origin, or standing
 * on it (`onFloor`: z from 0 to size).
 */
export function cubePart(size: number, color: [number, number, number, number], options: { onFloor?: boolean } = {}): MeshPart {
  const positions: number[] = [];
  const normals: number[] = [];
  const indices: number[] = [];
  const faces: [number[], number[], number[]][] = [
    [[0, 0, 1], [1, 0, 0], [0, 1, 0]],
    [[0, 0, -1], [0, 1, 0], [1, 0, 0]],
    [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
    [[-1, 0, 0], [0, 0, 1], [0, 1, 0]],
    [[0, 1, 0], [0, 0, 1], [1, 0, 0]],
    [[0, -1, 0], [1, 0, 0], [0, 0, 1]],
  ];
  const lift = options.onFloor ? size / 2 : 0;
  for (const [n, u, w] of faces) {
    const base = positions.length / 3;
    for (const [su, sw] of [[-1, -1], [1, -1], [1, 1], [-1, 1]] as const) {
      for (let c = 0; c < 3; c++) positions.push((size / 2) * (n[c]! + su * u[c]! + sw * w[c]!) + (c === 2 ? lift : 0));
      normals.push(...n);
    }
    indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
  }
  return { color, positions: new Float32Array(positions), normals: new Float32Array(normals), indices: new Uint32Array(indices) };
}
