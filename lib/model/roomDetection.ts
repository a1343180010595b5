/**
 * Room detection: the smallest region enclosed by wall centre lines around a point. Walls are
 * split where they cross or touch, the faces of the resulting planar graph are traced, and the
 * smallest bounded face containing the point wins.
 */
import { GEOMETRY_EPSILON, isPointInPolygon, polygonSignedArea, type Polygon, type Segment } from './geometry';
import { planPoint, type PlanPoint } from './units';

const KEY_DIGITS = 6;
const keyOf = (p: readonly [number, number]) => `${p[0].toFixed(KEY_DIGITS)},${p[1].toFixed(KEY_DIGITS)}`;

/** Parameter t on p1→p2 where it meets q1→q2, or undefined when parallel / not crossing. */
function crossingParams(p1: PlanPoint, p2: PlanPoint, q1: PlanPoint, q2: PlanPoint): [number, number] | undefined {
  const rx = p2[0] - p1[0];
  const ry = p2[1] - p1[1];
  const sx = q2[0] - q1[0];
  const sy = q2[1] - q1[1];
  const denom = rx * sy - ry * sx;
  if (Math.abs(denom) <= GEOMETRY_EPSILON) return undefined;
  const qpx = q1[0] - p1[0];
  const qpy = q1[1] - p1[1];
  const t = (qpx * sy - qpy * sx) / denom;
  const u = (qpx * ry - qpy * rx) / denom;
  const e = 1e-9;
  if (t < -e || t > 1 + e || u < -e || u > 1 + e) return undefined;
  return [Math.max(0, Math.min(1, t)), Math.max(0, Math.min(1, u))];
}

/**
 * The enclosed region around `p`: the smallest counter-clockwise face of the planar graph formed
 * by the wall segments that contains `p`, with collinear vertices removed. Undefined when `p` is
 * not enclosed. Endpoints closer than 1 µm are merged.
 */
export function detectRoom(walls: readonly Segment[], p: PlanPoint): Polygon | undefined {
  // 1. Split every segment at its crossings with the others.
  const params: number[][] = walls.map(() => [0, 1]);
  for (let i = 0; i < walls.length; i++) {
    for (let j = i + 1; j < walls.length; j++) {
      const hit = crossingParams(walls[i]!.a, walls[i]!.b, walls[j]!.a, walls[j]!.b);
      if (hit) {
        params[i]!.push(hit[0]);
        params[j]!.push(hit[1]);
      }
    }
  }
  const points = new Map<string, PlanPoint>();
  const adjacency = new Map<string, Set<string>>();
  const link = (u: string, v: string) => {
    if (u === v) return;
    if (!adjacency.has(u)) adjacency.set(u, new Set());
    if (!adjacency.has(v)) adjacency.set(v, new Set());
    adjacency.get(u)!.add(v);
    adjacency.get(v)!.add(u);
  };
  walls.forEach((w, i) => {
    const ts = [...new Set(params[i]!)].sort((x, y) => x - y);
    let prev: string | undefined;
    for (const t of ts) {
      const q = planPoint(w.a[0] + (w.b[0] - w.a[0]) * t, w.a[1] + (w.b[1] - w.a[1]) * t);
      const k = keyOf(q);
      if (!points.has(k)) points.set(k, q);
      if (prev !== undefined) link(prev, k);
      prev = k;
    }
  });
  // 2. Sort neighbours by angle; trace faces (next edge = the next one clockwise at the vertex).
  const angleFrom = (u: string, v: string) => {
    const a = points.get(u)!;
    const b = points.get(v)!;
    return Math.atan2(b[1] - a[1], b[0] - a[0]);
  };
  const sorted = new Map<string, string[]>();
  for (const [u, ns] of adjacency) sorted.set(u, [...ns].sort((x, y) => angleFrom(u, x) - angleFrom(u, y)));
  const visited = new Set<string>();
  let best: PlanPoint[] | undefined;
  let bestArea = Infinity;
  for (const [u, ns] of sorted) {
    for (const v of ns) {
      if (visited.has(`${u}>${v}`)) continue;
      const face: string[] = [];
      let [from, to] = [u, v];
      for (let guard = 0; guard < 100_000 && !visited.has(`${from}>${to}`); guard++) {
        visited.add(`${from}>${to}`);
        face.push(from);
        const around = sorted.get(to)!;
        const back = around.indexOf(from);
        // Turning left-most gives counter-clockwise bounded faces: take the previous neighbour.
        const next = around[(back - 1 + around.length) % around.length]!;
        [from, to] = [to, next];
      }
      const ring = simplify(face.map((k) => points.get(k)!));
      if (ring.length < 3) continue;
      const area = polygonSignedArea(ring);
      if (area > GEOMETRY_EPSILON && area < bestArea && isPointInPolygon(p, ring)) {
        best = ring;
        bestArea = area;
      }
    }
  }
  return best;
}

/** Drops vertices lying on the line through their neighbours. */
function simplify(ring: PlanPoint[]): PlanPoint[] {
  const out: PlanPoint[] = [];
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[(i - 1 + n) % n]!;
    const b = ring[i]!;
    const c = ring[(i + 1) % n]!;
    const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    if (Math.abs(cross) > 1e-9) out.push(b);
  }
  return out;
}
