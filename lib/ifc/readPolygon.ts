/**
 * Plan outlines as the model wants them: open rings, counter-clockwise (the winding
 * roomDetection gives rooms), without repeated or collinear-backtracking points, and the convex
 * hull as the outline of last resort for a shape known only by its mesh.
 */
import type { Point2 } from './readCurves';
import { signedArea } from './readShape';

/** Drops repeated points (within `epsilon`) and the closing repeat, and turns the ring counter-clockwise. */
export function cleanRing(points: readonly Point2[], epsilon = 1e-6): Point2[] {
  const out: Point2[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last === undefined || Math.hypot(p[0] - last[0], p[1] - last[1]) > epsilon) out.push(p);
  }
  while (out.length > 1 && Math.hypot(out[0]![0] - out[out.length - 1]![0], out[0]![1] - out[out.length - 1]![1]) <= epsilon) out.pop();
  return signedArea(out) < 0 ? out.reverse() : out;
}

/** Convex hull (Andrew's monotone chain) of plan points, counter-clockwise, from flat x, y, z triples. */
export function convexHull(xyz: ArrayLike<number>): Point2[] {
  const points: Point2[] = [];
  for (let i = 0; i + 2 < xyz.length; i += 3) points.push([xyz[i]!, xyz[i + 1]!]);
  points.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  if (points.length < 3) return points;
  const cross = (o: Point2, a: Point2, b: Point2) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Point2[] = [];
  for (const p of points) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 1e-12) lower.pop();
    lower.push(p);
  }
  const upper: Point2[] = [];
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 1e-12) upper.pop();
    upper.push(p);
  }
  return cleanRing([...lower.slice(0, -1), ...upper.slice(0, -1)]);
}

/** Lowest and highest z of flat x, y, z triples. */
export function zRange(xyz: ArrayLike<number>): readonly [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 2; i < xyz.length; i += 3) {
    lo = Math.min(lo, xyz[i]!);
    hi = Math.max(hi, xyz[i]!);
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** How far above the lowest vertex (metres) a triangle still lies on the floor. */
const FLOOR_TOLERANCE = 0.005;

/**
 * The outline of the lowest flat face of a mesh (a room's floor): the boundary edges of the
 * triangles lying at its lowest z, chained into the loop with the largest area. Unlike the
 * convex hull it keeps an L-shaped room L-shaped. `undefined` when the bottom is not flat or the
 * edges do not close (a sloped roof slab): then the hull is the fallback.
 */
export function floorOutline(xyz: ArrayLike<number>, triangles: ArrayLike<number>): Point2[] | undefined {
  const z = zRange(xyz);
  if (z === undefined) return undefined;
  const key = (v: number) => `${Math.round(xyz[v * 3]! * 1e4)},${Math.round(xyz[v * 3 + 1]! * 1e4)}`;
  const position = new Map<string, Point2>();
  const edges = new Map<string, number>();
  let floorArea = 0;
  for (let t = 0; t + 2 < triangles.length; t += 3) {
    const v = [triangles[t]!, triangles[t + 1]!, triangles[t + 2]!];
    if (v.some((i) => xyz[i * 3 + 2]! > z[0] + FLOOR_TOLERANCE)) continue;
    const keys = v.map(key);
    if (keys[0] === keys[1] || keys[1] === keys[2] || keys[0] === keys[2]) continue;
    floorArea += Math.abs(signedArea(v.map((i) => [xyz[i * 3]!, xyz[i * 3 + 1]!])));
    for (let e = 0; e < 3; e++) {
      position.set(keys[e]!, [xyz[v[e]! * 3]!, xyz[v[e]! * 3 + 1]!]);
      const [p, q] = [keys[e]!, keys[(e + 1) % 3]!].sort();
      const edge = `${p}|${q}`;
      edges.set(edge, (edges.get(edge) ?? 0) + 1);
    }
  }
  const next = new Map<string, string[]>();
  for (const [edge, count] of edges) {
    if (count !== 1) continue;
    const [p, q] = edge.split('|') as [string, string];
    next.set(p, [...(next.get(p) ?? []), q]);
    next.set(q, [...(next.get(q) ?? []), p]);
  }
  let best: Point2[] | undefined;
  let bestArea = 0;
  const used = new Set<string>();
  for (const start of next.keys()) {
    if (used.has(start)) continue;
    const loop: string[] = [start];
    used.add(start);
    let previous: string | undefined;
    let at = start;
    for (;;) {
      const step: string | undefined = next.get(at)?.find((n) => n !== previous && (!used.has(n) || (n === start && loop.length > 2)));
      if (step === undefined || step === start) break;
      loop.push(step);
      used.add(step);
      previous = at;
      at = step;
    }
    const points = loop.map((k) => position.get(k)!);
    const area = Math.abs(signedArea(points));
    if (loop.length >= 3 && next.get(at)?.includes(start) && area > bestArea) {
      best = points;
      bestArea = area;
    }
  }
  // The outline must hold (nearly) all of the floor; otherwise the mesh was not one flat floor.
  return best !== undefined && bestArea >= floorArea * 0.9 ? cleanRing(best) : undefined;
}
