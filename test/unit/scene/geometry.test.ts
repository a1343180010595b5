import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { reserveFor, shapeOf, type ElementShape, type ShapeContext } from '@/components/scene/geometry';
import { EQUIPMENT_SYSTEMS, createElement, planPoint, polygonArea, radians, worldPoint, type Door, type Element, type EquipmentSystem, type PlanPoint, type Wall, type Window } from '@/lib/model';

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const P = (x: number, y: number) => planPoint(x, y);
const storeyId = 'L0';

/** A context over `elements`: `get` by id, openings by `hostId`. */
function contextOf(...elements: Element[]): ShapeContext {
  const byId = new Map(elements.map((e) => [e.id, e]));
  return {
    get: (id) => byId.get(id),
    openingsOf: (wallId) => elements.filter((e): e is Door | Window => (e.kind === 'door' || e.kind === 'window') && e.hostId === wallId),
  };
}
const NONE = contextOf();

const wall = (fields: { a?: PlanPoint; b?: PlanPoint; id?: string } = {}): Wall =>
  ok(createElement('wall', { id: fields.id ?? 'w', storeyId, a: fields.a ?? P(0, 0), b: fields.b ?? P(4, 0), thickness: 0.2 as never, height: 3 as never }));
const door = (offset: number, width = 0.9, hostId = 'w', id = `d${offset}`): Door =>
  ok(createElement('door', { id, storeyId, hostId, offset: offset as never, width: width as never, height: 2.1 as never }));
const window_ = (offset: number, hostId = 'w'): Window =>
  ok(createElement('window', { id: `win${offset}`, storeyId, hostId, offset: offset as never, width: 1.2 as never, height: 1.2 as never, sill: 0.9 as never }));
const equipment = (system: EquipmentSystem, position = worldPoint(0, 0, 0), rotation = 0) =>
  ok(createElement('equipment', { id: `e-${system}`, storeyId, system, position, rotation: radians(rotation) }));

/** The shape's unique geometry (fails the test when it has none). */
function geometryOf(shape: ElementShape | null): THREE.BufferGeometry {
  expect(shape).not.toBeNull();
  expect(shape!.geometry).toBeInstanceOf(THREE.BufferGeometry);
  return shape!.geometry!;
}

/** The geometry's vertices as arrays of [x, y, z]. */
function positionsOf(geometry: THREE.BufferGeometry): [number, number, number][] {
  const p = geometry.getAttribute('position');
  return Array.from({ length: p.count }, (_, i) => [p.getX(i), p.getY(i), p.getZ(i)]);
}

/** Bounding box as [min, max] arrays. */
function boundsOf(geometry: THREE.BufferGeometry): [number[], number[]] {
  geometry.computeBoundingBox();
  const box = geometry.boundingBox!;
  return [box.min.toArray(), box.max.toArray()];
}

/** Boxes in a geometry made only of boxes (24 vertices each, in order). */
function boxesOf(geometry: THREE.BufferGeometry): THREE.Box3[] {
  const points = positionsOf(geometry);
  expect(points.length % 24).toBe(0);
  const boxes: THREE.Box3[] = [];
  for (let i = 0; i < points.length; i += 24) boxes.push(new THREE.Box3().setFromPoints(points.slice(i, i + 24).map((p) => new THREE.Vector3(...p))));
  return boxes;
}

const volume = (b: THREE.Box3) => {
  const s = b.getSize(new THREE.Vector3());
  return s.x * s.y * s.z;
};
/** True when some box holds the point strictly inside (not just on a face). */
const covered = (boxes: THREE.Box3[], x: number, y: number, z: number) =>
  boxes.some((b) => x > b.min.x + 1e-6 && x < b.max.x - 1e-6 && y > b.min.y + 1e-6 && y < b.max.y - 1e-6 && z > b.min.z + 1e-6 && z < b.max.z - 1e-6);

/** Each triangle as its three corners and the (shared) vertex normal of its first corner. */
function trianglesOf(geometry: THREE.BufferGeometry): { a: THREE.Vector3; b: THREE.Vector3; c: THREE.Vector3; normal: THREE.Vector3 }[] {
  const p = geometry.getAttribute('position');
  const n = geometry.getAttribute('normal');
  const index = geometry.getIndex()!;
  const v = (i: number) => new THREE.Vector3(p.getX(i), p.getY(i), p.getZ(i));
  const out = [];
  for (let t = 0; t < index.count; t += 3) {
    const [i, j, k] = [index.getX(t), index.getX(t + 1), index.getX(t + 2)];
    out.push({ a: v(i), b: v(j), c: v(k), normal: new THREE.Vector3(n.getX(i), n.getY(i), n.getZ(i)) });
  }
  return out;
}

/** The triangle's area-weighted normal (counter-clockwise = front face in three). */
const faceNormal = (t: { a: THREE.Vector3; b: THREE.Vector3; c: THREE.Vector3 }) => new THREE.Vector3().subVectors(t.b, t.a).cross(new THREE.Vector3().subVectors(t.c, t.a));

/** Every triangle is wound so its front face points along the normal its vertices carry. */
function expectConsistentWinding(geometry: THREE.BufferGeometry): void {
  for (const t of trianglesOf(geometry)) {
    const n = faceNormal(t);
    if (n.length() < 1e-9) continue;
    expect(n.normalize().dot(t.normal)).toBeCloseTo(1, 5);
  }
}

/** Normals of a convex solid point away from its centre. */
function expectOutward(geometry: THREE.BufferGeometry): void {
  geometry.computeBoundingBox();
  const centre = geometry.boundingBox!.getCenter(new THREE.Vector3());
  for (const t of trianglesOf(geometry)) {
    const mid = new THREE.Vector3().add(t.a).add(t.b).add(t.c).divideScalar(3);
    expect(mid.sub(centre).dot(t.normal)).toBeGreaterThan(0);
  }
}

describe('walls', () => {
  it('are one box of the right size: 24 vertices, position and normal only, indexed', () => {
    const geometry = geometryOf(shapeOf(wall(), NONE));
    const [min, max] = boundsOf(geometry);
    expect(min[0]).toBeCloseTo(0, 5);
    expect(min[1]).toBeCloseTo(0, 5);
    expect(min[2]).toBeCloseTo(-0.1, 5);
    expect(max[0]).toBeCloseTo(4, 5);
    expect(max[1]).toBeCloseTo(3, 5);
    expect(max[2]).toBeCloseTo(0.1, 5);
    expect(geometry.getAttribute('position').count).toBe(24);
    expect(Object.keys(geometry.attributes).sort()).toEqual(['normal', 'position']);
    expect(geometry.getIndex()!.count).toBe(36);
    expect(geometry.groups).toEqual([]);
    expectConsistentWinding(geometry);
    expectOutward(geometry);
  });

  it('are light grey and opaque, placed by an identity matrix', () => {
    const shape = shapeOf(wall(), NONE)!;
    expect(shape.bucket).toBe('opaque');
    expect(shape.color).toBe(0xe5e7eb);
    expect(shape.shared).toBeUndefined();
    expect(shape.matrix.equals(new THREE.Matrix4())).toBe(true);
  });

  it('map plan y to world −z (a wall along the plan y axis runs along world −z)', () => {
    const [min, max] = boundsOf(geometryOf(shapeOf(wall({ a: P(1, 2), b: P(1, 6) }), NONE)));
    expect(min[0]).toBeCloseTo(0.9, 5);
    expect(max[0]).toBeCloseTo(1.1, 5);
    expect(min[2]).toBeCloseTo(-6, 5);
    expect(max[2]).toBeCloseTo(-2, 5);
  });

  it('are cut around a door: left, right and above, with the hole empty', () => {
    const host = wall();
    const boxes = boxesOf(geometryOf(shapeOf(host, contextOf(host, door(1)))));
    expect(boxes).toHaveLength(3);
    // The door spans x 1–1.9, y 0–2.1.
    expect(covered(boxes, 1.45, 1.05, 0)).toBe(false);
    expect(covered(boxes, 1.45, 0.05, 0)).toBe(false);
    expect(covered(boxes, 0.5, 1.05, 0)).toBe(true);
    expect(covered(boxes, 2.5, 1.05, 0)).toBe(true);
    expect(covered(boxes, 1.45, 2.5, 0)).toBe(true);
    // Nothing overlaps and nothing else is missing: the pieces add up to the wall less the hole.
    expect(boxes.reduce((sum, b) => sum + volume(b), 0)).toBeCloseTo(4 * 3 * 0.2 - 0.9 * 2.1 * 0.2, 5);
  });

  it('are cut around a window with a sill: left, right, below and above', () => {
    const host = wall();
    const boxes = boxesOf(geometryOf(shapeOf(host, contextOf(host, window_(1)))));
    expect(boxes).toHaveLength(4);
    // The window spans x 1–2.2, y 0.9–2.1.
    expect(covered(boxes, 1.6, 1.5, 0)).toBe(false);
    expect(covered(boxes, 1.6, 0.5, 0)).toBe(true);
    expect(covered(boxes, 1.6, 2.5, 0)).toBe(true);
    expect(covered(boxes, 0.5, 1.5, 0)).toBe(true);
    expect(covered(boxes, 3, 1.5, 0)).toBe(true);
    expect(boxes.reduce((sum, b) => sum + volume(b), 0)).toBeCloseTo(4 * 3 * 0.2 - 1.2 * 1.2 * 0.2, 5);
  });

  it('merge overlapping openings into one hole', () => {
    const host = wall();
    const boxes = boxesOf(geometryOf(shapeOf(host, contextOf(host, door(1, 1, 'w', 'd1'), door(1.5, 1, 'w', 'd2')))));
    expect(boxes).toHaveLength(3); // left of 1, above 1–2.5, right of 2.5
    expect(covered(boxes, 2.25, 1, 0)).toBe(false);
    expect(covered(boxes, 2.6, 1, 0)).toBe(true);
    expect(boxes.reduce((sum, b) => sum + volume(b), 0)).toBeCloseTo(4 * 3 * 0.2 - 1.5 * 2.1 * 0.2, 5);
  });

  it('clamp an opening that runs past the end, and ignore one wholly off the wall', () => {
    const host = wall();
    const past = boxesOf(geometryOf(shapeOf(host, contextOf(host, door(3.5)))));
    expect(past).toHaveLength(2); // left of 3.5 and above 3.5–4; nothing beyond the wall
    expect(Math.max(...past.map((b) => b.max.x))).toBeCloseTo(4, 5);
    expect(covered(past, 3.8, 1, 0)).toBe(false);
    const off = geometryOf(shapeOf(host, contextOf(host, door(5))));
    expect(off.getAttribute('position').count).toBe(24);
  });

  it('cut openings into a turned wall along its own direction', () => {
    const host = wall({ a: P(0, 0), b: P(0, 4) });
    const boxes = boxesOf(geometryOf(shapeOf(host, contextOf(host, door(1)))));
    // Along plan +y, that is world −z: the door spans plan y 1–1.9, world z −1.9 to −1.
    expect(covered(boxes, 0, 1.05, -1.45)).toBe(false);
    expect(covered(boxes, 0, 1.05, -0.5)).toBe(true);
  });
});

describe('doors and windows', () => {
  it('a door is a 0.05 m brown leaf filling its hole on the centre line', () => {
    const host = wall();
    const shape = shapeOf(door(1), contextOf(host));
    expect(shape!.bucket).toBe('opaque');
    expect(shape!.color).toBe(0x92400e);
    const [min, max] = boundsOf(geometryOf(shape));
    expect(min).toEqual([expect.closeTo(1, 5), expect.closeTo(0, 5), expect.closeTo(-0.025, 5)]);
    expect(max).toEqual([expect.closeTo(1.9, 5), expect.closeTo(2.1, 5), expect.closeTo(0.025, 5)]);
  });

  it('a window is a glass pane inside the hole, from sill to head', () => {
    const host = wall();
    const ctx = contextOf(host, window_(1));
    const shape = shapeOf(window_(1), ctx);
    expect(shape!.bucket).toBe('glass');
    expect(shape!.color).toBe(0x7dd3fc);
    const pane = boxesOf(geometryOf(shape))[0]!;
    expect(pane.min.toArray()).toEqual([expect.closeTo(1, 5), expect.closeTo(0.9, 5), expect.closeTo(-0.015, 5)]);
    expect(pane.max.toArray()).toEqual([expect.closeTo(2.2, 5), expect.closeTo(2.1, 5), expect.closeTo(0.015, 5)]);
    // The pane's centre is in the wall's hole: no piece of the wall covers it.
    const wallBoxes = boxesOf(geometryOf(shapeOf(host, ctx)));
    const centre = pane.getCenter(new THREE.Vector3());
    expect(covered(wallBoxes, centre.x, centre.y, centre.z)).toBe(false);
    for (const piece of wallBoxes) expect(piece.intersectsBox(pane.clone().expandByScalar(-1e-6))).toBe(false);
  });

  it('follow a turned host wall', () => {
    const host = wall({ a: P(2, 1), b: P(2, 5) });
    const [min, max] = boundsOf(geometryOf(shapeOf(door(1), contextOf(host))));
    expect(min[0]).toBeCloseTo(2 - 0.025, 5);
    expect(max[0]).toBeCloseTo(2 + 0.025, 5);
    // The door spans plan y 2–2.9, world z −2.9 to −2.
    expect(min[2]).toBeCloseTo(-2.9, 5);
    expect(max[2]).toBeCloseTo(-2, 5);
  });

  it('give nothing when the host is missing or not a wall', () => {
    const room = ok(createElement('space', { id: 'w', storeyId, polygon: [P(0, 0), P(1, 0), P(1, 1)] }));
    expect(shapeOf(door(1), NONE)).toBeNull();
    expect(shapeOf(window_(1), NONE)).toBeNull();
    expect(shapeOf(door(1), contextOf(room))).toBeNull();
  });
});

describe('slabs and spaces', () => {
  const ccw = [P(0, 0), P(6, 0), P(6, 4), P(3, 2), P(0, 4)]; // concave
  const cw = [...ccw].reverse();

  it.each([
    ['counter-clockwise', ccw],
    ['clockwise', cw],
  ])('a %s slab is extruded down with outward normals and the polygon area on top', (_name, polygon) => {
    const shape = shapeOf(ok(createElement('slab', { id: 's', storeyId, polygon, thickness: 0.25 as never })), NONE);
    expect(shape!.bucket).toBe('opaque');
    expect(shape!.color).toBe(0x9ca3af);
    const geometry = geometryOf(shape);
    const [min, max] = boundsOf(geometry);
    expect(min[1]).toBeCloseTo(-0.25, 5);
    expect(max[1]).toBeCloseTo(0, 5);
    expectConsistentWinding(geometry);
    const triangles = trianglesOf(geometry);
    const top = triangles.filter((t) => t.a.y === 0 && t.b.y === 0 && t.c.y === 0);
    const bottom = triangles.filter((t) => Math.abs(t.a.y + 0.25) < 1e-6 && Math.abs(t.b.y + 0.25) < 1e-6 && Math.abs(t.c.y + 0.25) < 1e-6);
    for (const t of top) expect(faceNormal(t).y).toBeGreaterThan(0);
    for (const t of bottom) expect(faceNormal(t).y).toBeLessThan(0);
    const area = (ts: typeof top) => ts.reduce((sum, t) => sum + faceNormal(t).length() / 2, 0);
    expect(area(top)).toBeCloseTo(polygonArea(polygon), 5);
    expect(area(bottom)).toBeCloseTo(polygonArea(polygon), 5);
    // Side faces point away from the inside: the edge (6,0)→(6,4) faces +x, the notch's edge (6,4)→(3,2) faces up-left on the plan
    // (plan −x, +y: world −x, −z).
    const sides = triangles.filter((t) => Math.abs(t.normal.y) < 1e-9);
    expect(sides).toHaveLength(2 * polygon.length);
    const east = sides.find((t) => t.a.x === 6 && t.b.x === 6 && t.c.x === 6)!;
    expect(east.normal.x).toBeCloseTo(1, 5);
    // On the plan line y − 2 = (2/3)(x − 3), with plan y = −world z.
    const notch = sides.find((t) => [t.a, t.b, t.c].every((p) => Math.abs(2 * -p.z - 2 * 2 - (4 / 3) * (p.x - 3)) < 1e-6))!;
    expect(notch).toBeDefined();
    expect(notch.normal.x).toBeCloseTo(-2 / Math.sqrt(13), 5);
    expect(notch.normal.z).toBeCloseTo(-3 / Math.sqrt(13), 5);
  });

  describe('a slab with doors and windows in it (roof windows, hatches)', () => {
    const roof = ok(createElement('slab', { id: 'roof', storeyId, polygon: [P(0, 0), P(8, 0), P(8, 6), P(0, 6)], thickness: 0.3 as never }));
    /** A 1 × 1.2 m window in `hostId` centred on (x, y), turned by `rotation`. */
    const skylight = (id: string, x: number, y: number, rotation = 0, hostId = 'roof') =>
      ok(createElement('window', { id, storeyId, hostId, width: 1 as never, height: 1.2 as never, position: worldPoint(x, y, 0), rotation: radians(rotation) })) as Window;
    const topArea = (geometry: THREE.BufferGeometry) => trianglesOf(geometry).filter((t) => t.normal.y > 0.5).reduce((sum, t) => sum + faceNormal(t).length() / 2, 0);
    /** Whether a vertical line at plan (x, y) passes through the slab's top. */
    const solidAt = (geometry: THREE.BufferGeometry, x: number, y: number) =>
      trianglesOf(geometry)
        .filter((t) => t.normal.y > 0.5)
        .some((t) => {
          const tri = new THREE.Triangle(new THREE.Vector3(t.a.x, 0, t.a.z), new THREE.Vector3(t.b.x, 0, t.b.z), new THREE.Vector3(t.c.x, 0, t.c.z));
          return tri.containsPoint(new THREE.Vector3(x, 0, -y));
        });

    it('has a hole through it for each, with sides facing into the hole', () => {
      const windows = [skylight('k1', 2, 2), skylight('k2', 5.5, 3.5, 0.6)];
      const geometry = geometryOf(shapeOf(roof, contextOf(roof, ...windows)));
      expectConsistentWinding(geometry);
      expect(topArea(geometry)).toBeCloseTo(48 - 2 * 1.2, 5);
      expect(solidAt(geometry, 2, 2)).toBe(false);
      expect(solidAt(geometry, 5.5, 3.5)).toBe(false);
      expect(solidAt(geometry, 2, 3)).toBe(true);
      expect(solidAt(geometry, 7, 1)).toBe(true);
      // The hole's sides: the first window's east side (x = 2.5) faces west, into the hole.
      const sides = trianglesOf(geometry).filter((t) => Math.abs(t.normal.y) < 1e-9);
      expect(sides).toHaveLength(2 * (4 + 4 + 4));
      const east = sides.filter((t) => [t.a, t.b, t.c].every((p) => Math.abs(p.x - 2.5) < 1e-9));
      expect(east).toHaveLength(2);
      for (const t of east) expect(t.normal.x).toBeCloseTo(-1, 9);
      const [min, max] = boundsOf(geometry);
      expect([min[1], max[1]]).toEqual([expect.closeTo(-0.3, 6), expect.closeTo(0, 6)]);
    });

    it('is not cut by one half off it, one overlapping an earlier hole, nor a window in a wall', () => {
      const wall = ok(createElement('wall', { id: 'w', storeyId, a: P(0, 0), b: P(8, 0), thickness: 0.2 as never, height: 3 as never }));
      const inWall = ok(createElement('window', { id: 'ww', storeyId, hostId: 'w', offset: 1 as never, width: 1 as never, height: 1.2 as never, sill: 0.9 as never })) as Window;
      const windows = [skylight('k1', 2, 2), skylight('k2', 2.4, 2.2), skylight('off', 7.9, 3)];
      const geometry = geometryOf(shapeOf(roof, contextOf(roof, wall, inWall, ...windows)));
      expect(topArea(geometry)).toBeCloseTo(48 - 1.2, 5);
      expect(solidAt(geometry, 7.9, 3)).toBe(true);
      expect(solidAt(geometry, 2.8, 2.5)).toBe(true);
      expect(trianglesOf(geometry).filter((t) => Math.abs(t.normal.y) < 1e-9)).toHaveLength(2 * (4 + 4));
    });
  });

  it('a space is a translucent floor plate just above the floor', () => {
    const polygon = [P(0, 0), P(4, 0), P(4, 3), P(0, 3)];
    const shape = shapeOf(ok(createElement('space', { id: 'r', storeyId, polygon })), NONE);
    expect(shape!.bucket).toBe('floor');
    expect(shape!.color).toBe(0x93c5fd);
    const geometry = geometryOf(shape);
    const [min, max] = boundsOf(geometry);
    expect(min).toEqual([expect.closeTo(0, 5), expect.closeTo(0.01, 5), expect.closeTo(-3, 5)]);
    expect(max).toEqual([expect.closeTo(4, 5), expect.closeTo(0.03, 5), expect.closeTo(0, 5)]);
    expectConsistentWinding(geometry);
    const top = trianglesOf(geometry).filter((t) => t.normal.y > 0);
    expect(top.reduce((sum, t) => sum + faceNormal(t).length() / 2, 0)).toBeCloseTo(12, 5);
  });
});

describe('equipment', () => {
  it('shares one geometry per system: keys and colours differ between systems, the same system the same key', () => {
    const shapes = EQUIPMENT_SYSTEMS.map((system) => shapeOf(equipment(system), NONE)!);
    expect(new Set(shapes.map((s) => s.shared!.key)).size).toBe(EQUIPMENT_SYSTEMS.length);
    expect(new Set(shapes.map((s) => s.color)).size).toBe(EQUIPMENT_SYSTEMS.length);
    expect(shapes[1]!.shared!.key).toBe('equipment:hvac');
    expect(shapes[1]!.color).toBe(0x56b4e9);
    const again = shapeOf(equipment('hvac', worldPoint(5, 5, 1), 1), NONE)!;
    expect(again.shared!.key).toBe(shapes[1]!.shared!.key);
    expect(again.geometry).toBeUndefined();
    expect(again.bucket).toBe('opaque');
  });

  it('builds a 0.3 m symbol per system, centred on the origin, with a shape of its own', () => {
    const geometries = EQUIPMENT_SYSTEMS.map((system) => shapeOf(equipment(system), NONE)!.shared!.build());
    const signatures = new Set<string>();
    for (const geometry of geometries) {
      const [min, max] = boundsOf(geometry);
      expect(max[1]! - min[1]!).toBeCloseTo(0.3, 5);
      expect(min[1]! + max[1]!).toBeCloseTo(0, 5);
      expect(Math.max(...max, ...min.map((v) => -v))).toBeLessThanOrEqual(0.2);
      expectConsistentWinding(geometry);
      signatures.add(`${geometry.getAttribute('position').count}:${max.map((v) => v.toFixed(3)).join()}`);
    }
    expect(signatures.size).toBe(EQUIPMENT_SYSTEMS.length);
    // Like the plan's symbol, fire's triangle points north (plan +y = world −z) before any turn.
    const apex = positionsOf(geometries[EQUIPMENT_SYSTEMS.indexOf('fire')]!).reduce((p, q) => (q[2] < p[2] ? q : p));
    expect(apex[0]).toBeCloseTo(0, 5);
  });

  it('places the symbol at the position (plan x → world x, plan y → world −z), its bottom at the height', () => {
    const shape = shapeOf(equipment('electrical', worldPoint(2, 3, 1.2)), NONE)!;
    const centre = new THREE.Vector3().applyMatrix4(shape.matrix);
    expect(centre.toArray()).toEqual([expect.closeTo(2, 5), expect.closeTo(1.35, 5), expect.closeTo(-3, 5)]);
  });

  it('turns counter-clockwise on the plan, as the plan draws it', () => {
    const shape = shapeOf(equipment('fire', worldPoint(2, 3, 0), Math.PI / 2), NONE)!;
    const origin = new THREE.Vector3().applyMatrix4(shape.matrix);
    // The symbol's plan +x (world +x) turns a quarter to plan +y (world −z)…
    const east = new THREE.Vector3(1, 0, 0).applyMatrix4(shape.matrix).sub(origin);
    expect(east.toArray()).toEqual([expect.closeTo(0, 5), expect.closeTo(0, 5), expect.closeTo(-1, 5)]);
    // …and its plan +y (world −z) to plan −x (world −x).
    const north = new THREE.Vector3(0, 0, -1).applyMatrix4(shape.matrix).sub(origin);
    expect(north.toArray()).toEqual([expect.closeTo(-1, 5), expect.closeTo(0, 5), expect.closeTo(0, 5)]);
  });
});

describe('objects', () => {
  const object = (props: Record<string, number | string>, rotation = 0) =>
    ok(createElement('object', { id: 'o', storeyId, category: 'furniture', position: worldPoint(3, 4, 0.5), rotation: radians(rotation), props }));

  it('are a box from the width/depth/height props, centred on the position, bottom at its height', () => {
    const shape = shapeOf(object({ width: 2, depth: 1, height: 0.75 }), NONE);
    expect(shape!.bucket).toBe('opaque');
    expect(shape!.color).toBe(0xa8a29e);
    const geometry = geometryOf(shape);
    expect(boundsOf(geometry)).toEqual([
      [expect.closeTo(2, 5), expect.closeTo(0.5, 5), expect.closeTo(-4.5, 5)],
      [expect.closeTo(4, 5), expect.closeTo(1.25, 5), expect.closeTo(-3.5, 5)],
    ]);
    expectConsistentWinding(geometry);
    expectOutward(geometry);
  });

  it('turn with their rotation and fall back to 0.6 × 0.6 × 0.9 m', () => {
    const turned = boundsOf(geometryOf(shapeOf(object({ width: 2, depth: 1, height: 0.75 }, Math.PI / 2), NONE)));
    expect(turned).toEqual([
      [expect.closeTo(2.5, 5), expect.closeTo(0.5, 5), expect.closeTo(-5, 5)],
      [expect.closeTo(3.5, 5), expect.closeTo(1.25, 5), expect.closeTo(-3, 5)],
    ]);
    // At 30°, the plan corner (+width/2, +depth/2) turns counter-clockwise like the plan's object outline (world z = −plan y).
    const angle = Math.PI / 6;
    const corners = positionsOf(geometryOf(shapeOf(object({ width: 2, depth: 1, height: 0.75 }, angle), NONE)));
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    const expected = [3 + c * 1 - s * 0.5, 4 + s * 1 + c * 0.5];
    expect(corners.some(([x, y, z]) => Math.abs(x - expected[0]!) < 1e-5 && Math.abs(y - 1.25) < 1e-5 && Math.abs(z + expected[1]!) < 1e-5)).toBe(true);
    const fallback = boundsOf(geometryOf(shapeOf(object({ width: -1, depth: 'big', height: 0 }), NONE)));
    expect(fallback).toEqual([
      [expect.closeTo(2.7, 5), expect.closeTo(0.5, 5), expect.closeTo(-4.3, 5)],
      [expect.closeTo(3.3, 5), expect.closeTo(1.4, 5), expect.closeTo(-3.7, 5)],
    ]);
  });
});

describe('every geometry', () => {
  it('has the same attributes (position and normal, Float32 × 3) and an index, as BatchedMesh needs', () => {
    const host = wall();
    const ctx = contextOf(host, door(0.2), window_(2));
    const elements: Element[] = [
      host,
      door(0.2),
      window_(2),
      ok(createElement('slab', { id: 's', storeyId, polygon: [P(0, 0), P(4, 0), P(4, 3)] })),
      ok(createElement('space', { id: 'r', storeyId, polygon: [P(0, 0), P(4, 0), P(4, 3)] })),
      ok(createElement('object', { id: 'o', storeyId, category: 'stair', position: worldPoint(1, 1, 0) })),
    ];
    const geometries = [...elements.map((e) => geometryOf(shapeOf(e, ctx))), ...EQUIPMENT_SYSTEMS.map((s) => shapeOf(equipment(s), ctx)!.shared!.build())];
    for (const geometry of geometries) {
      expect(Object.keys(geometry.attributes).sort()).toEqual(['normal', 'position']);
      for (const name of ['position', 'normal']) {
        const attribute = geometry.getAttribute(name) as THREE.BufferAttribute;
        expect(attribute.array).toBeInstanceOf(Float32Array);
        expect(attribute.itemSize).toBe(3);
        expect(attribute.normalized).toBe(false);
      }
      expect(geometry.getIndex()).not.toBeNull();
      expect(geometry.getIndex()!.count % 3).toBe(0);
      expect(geometry.groups).toEqual([]);
      expectConsistentWinding(geometry);
    }
    // And a BatchedMesh takes them all, each in the space reserveFor asks for.
    const reserves = geometries.map((g) => reserveFor(g));
    const total = (key: 'vertices' | 'indices') => reserves.reduce((sum, r) => sum + r[key], 0);
    const batch = new THREE.BatchedMesh(geometries.length, total('vertices'), total('indices'), new THREE.MeshBasicMaterial());
    geometries.forEach((g, i) => expect(batch.addInstance(batch.addGeometry(g, reserves[i]!.vertices, reserves[i]!.indices))).toBe(i));
    batch.dispose();
  });
});

describe('reserveFor', () => {
  it('reserves at least twice the vertices and indices', () => {
    const host = wall();
    const geometry = geometryOf(shapeOf(host, contextOf(host, door(1))));
    const reserve = reserveFor(geometry);
    expect(reserve.vertices).toBeGreaterThanOrEqual(2 * geometry.getAttribute('position').count);
    expect(reserve.indices).toBeGreaterThanOrEqual(2 * geometry.getIndex()!.count);
  });
});
