import { describe, expect, it } from 'vitest';
import { createBoundsCache, cullElements, cullRect, intersects, visibleRect, type PlanRect } from '@/components/plan/culling';
import { createElement, metres, planPoint, worldPoint, type Element } from '@/lib/model';

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const storeyId = 'storey-1';
const equipmentAt = (x: number, y: number, name = `at ${x},${y}`) => ok(createElement('equipment', { storeyId, name, system: 'electrical', position: worldPoint(x, y, 0.3) }));
const box = (minX: number, minY: number, maxX: number, maxY: number) => ({ min: planPoint(minX, minY), max: planPoint(maxX, maxY) });
const size = { width: 800, height: 600 };

describe('visibleRect', () => {
  it('is the part of the plan the view shows, with y up', () => {
    expect(visibleRect({ x: 10, y: 5, zoom: 20 }, size)).toEqual({ minX: -10, minY: -10, maxX: 30, maxY: 20 });
  });
});

describe('cullRect', () => {
  const camera = { x: 10, y: 5, zoom: 20 };
  const contains = (outer: PlanRect, inner: PlanRect) => outer.minX <= inner.minX && outer.minY <= inner.minY && outer.maxX >= inner.maxX && outer.maxY >= inner.maxY;

  it('covers the view with a margin of at least half the view on every side', () => {
    const view = visibleRect(camera, size);
    const region = cullRect(camera, size);
    const half = Math.max(view.maxX - view.minX, view.maxY - view.minY) / 2;
    expect(region.minX).toBeLessThanOrEqual(view.minX - half);
    expect(region.minY).toBeLessThanOrEqual(view.minY - half);
    expect(region.maxX).toBeGreaterThanOrEqual(view.maxX + half);
    expect(region.maxY).toBeGreaterThanOrEqual(view.maxY + half);
  });

  it('stays the same while the view pans a little (so nothing re-renders)', () => {
    const region = cullRect(camera, size);
    expect(cullRect({ ...camera, x: camera.x + 0.5, y: camera.y - 0.5 }, size)).toEqual(region);
  });

  it('follows a long pan and still covers the view', () => {
    const moved = { ...camera, x: camera.x + 500 };
    const region = cullRect(moved, size);
    expect(region).not.toEqual(cullRect(camera, size));
    expect(contains(region, visibleRect(moved, size))).toBe(true);
  });

  it('covers the view at any zoom', () => {
    for (const zoom of [2, 3.7, 40, 799]) expect(contains(cullRect({ ...camera, zoom }, size), visibleRect({ ...camera, zoom }, size))).toBe(true);
  });
});

describe('intersects', () => {
  const rect = { minX: 0, minY: 0, maxX: 10, maxY: 10 };
  it.each<[string, ReturnType<typeof box>, boolean]>([
    ['a box inside', box(1, 1, 2, 2), true],
    ['a box across an edge', box(-5, 4, 1, 5), true],
    ['a box around the whole rectangle', box(-1, -1, 11, 11), true],
    ['a box touching an edge', box(10, 2, 12, 3), true],
    ['a box left of it', box(-3, 1, -1, 2), false],
    ['a box above it', box(1, 11, 2, 12), false],
    ['a box diagonally outside', box(11, 11, 12, 12), false],
  ])('%s → %s', (_name, b, expected) => {
    expect(intersects(b, rect)).toBe(expected);
  });
});

describe('cullElements', () => {
  const rect = { minX: 0, minY: 0, maxX: 10, maxY: 10 };
  const inside = equipmentAt(5, 5);
  const edge = equipmentAt(10.2, 5);
  const far = equipmentAt(50, 50);
  const walls = new Map<string, Element>();
  const boundsOf = createBoundsCache();

  it('keeps what meets the rectangle, in the input order', () => {
    expect(cullElements([far, edge, inside], (e) => boundsOf(e, walls), rect).map((e) => e.name)).toEqual([edge.name, inside.name]);
  });

  it('keeps the selection even far outside the view', () => {
    expect(cullElements([far, inside], (e) => boundsOf(e, walls), rect, new Set([far.id])).map((e) => e.id)).toEqual([far.id, inside.id]);
  });

  it('leaves out a door whose wall is missing, and draws it once its wall is near the view', () => {
    const wall = ok(createElement('wall', { storeyId, name: 'W', a: planPoint(2, 2), b: planPoint(8, 2) }));
    const door = ok(createElement('door', { storeyId, hostId: wall.id, offset: metres(1) }));
    expect(cullElements([door], (e) => boundsOf(e, new Map()), rect)).toEqual([]);
    expect(cullElements([door], (e) => boundsOf(e, new Map([[wall.id, wall]])), rect)).toEqual([door]);
  });

  it('moves a door with its wall: the cache is per host wall record', () => {
    const wall = ok(createElement('wall', { storeyId, name: 'W', a: planPoint(2, 2), b: planPoint(8, 2) }));
    const door = ok(createElement('door', { storeyId, hostId: wall.id, offset: metres(1) }));
    const movedWall = { ...wall, a: planPoint(102, 2), b: planPoint(108, 2) };
    expect(boundsOf(door, new Map([[wall.id, wall]]))!.min[0]).toBeCloseTo(3, 9);
    expect(boundsOf(door, new Map([[wall.id, movedWall]]))!.min[0]).toBeCloseTo(103, 9);
  });
});
