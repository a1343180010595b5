import { describe, expect, it } from 'vitest';
import {
  boundingBox,
  clampOpeningOffset,
  classifyPoint,
  distancePointToSegment,
  isPointInPolygon,
  isSimplePolygon,
  metres,
  placeOpening,
  planPoint,
  polygonArea,
  polygonCentroid,
  polygonSignedArea,
  wallAngle,
  wallDirection,
  wallLength,
  type PlanPoint,
} from '@/lib/model';

const poly = (...pts: [number, number][]): PlanPoint[] => pts.map(([x, y]) => planPoint(x, y));
const wall = (ax: number, ay: number, bx: number, by: number) => ({ a: planPoint(ax, ay), b: planPoint(bx, by) });

const square = poly([0, 0], [4, 0], [4, 4], [0, 4]);
const squareCw = [...square].reverse();
// An L shape: 4x4 square minus its top-right 2x2 quadrant (area 12).
const lShape = poly([0, 0], [4, 0], [4, 2], [2, 2], [2, 4], [0, 4]);

describe('wall measurements', () => {
  it.each([
    { name: 'horizontal', w: wall(0, 0, 5, 0), length: 5, angle: 0 },
    { name: 'vertical', w: wall(1, 1, 1, 4), length: 3, angle: Math.PI / 2 },
    { name: '3-4-5 diagonal', w: wall(0, 0, 3, 4), length: 5, angle: Math.atan2(4, 3) },
    { name: 'pointing backwards', w: wall(2, 0, -1, 0), length: 3, angle: Math.PI },
  ])('measures a $name wall', ({ w, length, angle }) => {
    expect(wallLength(w)).toBeCloseTo(length, 12);
    expect(wallAngle(w)).toBeCloseTo(angle, 12);
    const [ux, uy] = wallDirection(w);
    expect(Math.hypot(ux, uy)).toBeCloseTo(1, 12);
  });

  it('gives a zero direction for a zero-length segment', () => {
    expect(wallDirection(wall(1, 1, 1, 1))).toEqual([0, 0]);
  });
});

describe('polygon area and centroid', () => {
  it.each([
    { name: 'counter-clockwise square', p: square, signed: 16, centroid: [2, 2] },
    { name: 'clockwise square', p: squareCw, signed: -16, centroid: [2, 2] },
    { name: 'concave L shape', p: lShape, signed: 12, centroid: [5 / 3, 5 / 3] },
    { name: 'right triangle', p: poly([0, 0], [3, 0], [0, 3]), signed: 4.5, centroid: [1, 1] },
    { name: 'square far from the origin', p: poly([1e6, 1e6], [1e6 + 2, 1e6], [1e6 + 2, 1e6 + 2], [1e6, 1e6 + 2]), signed: 4, centroid: [1e6 + 1, 1e6 + 1] },
    { name: 'degenerate (collinear) ring', p: poly([0, 0], [1, 0], [2, 0]), signed: 0, centroid: [1, 0] },
  ])('computes the $name', ({ p, signed, centroid }) => {
    expect(polygonSignedArea(p)).toBeCloseTo(signed, 6);
    expect(polygonArea(p)).toBeCloseTo(Math.abs(signed), 6);
    const [cx, cy] = polygonCentroid(p);
    expect(cx).toBeCloseTo(centroid[0]!, 6);
    expect(cy).toBeCloseTo(centroid[1]!, 6);
  });

  it('returns zero area for fewer than three points', () => {
    expect(polygonArea(poly([0, 0], [1, 1]))).toBe(0);
  });
});

describe('point in polygon', () => {
  it.each([
    { name: 'centre of a square', p: [2, 2], poly: square, where: 'inside' },
    { name: 'point outside a square', p: [5, 2], poly: square, where: 'outside' },
    { name: 'point on an edge', p: [4, 1], poly: square, where: 'boundary' },
    { name: 'vertex', p: [0, 0], poly: square, where: 'boundary' },
    { name: 'point in the notch of an L', p: [3, 3], poly: lShape, where: 'outside' },
    { name: 'point in the arm of an L', p: [1, 3], poly: lShape, where: 'inside' },
    { name: 'point on the inner corner of an L', p: [2, 2], poly: lShape, where: 'boundary' },
    { name: 'point in a clockwise square', p: [1, 1], poly: squareCw, where: 'inside' },
    { name: 'point level with a vertex, outside', p: [-1, 4], poly: square, where: 'outside' },
  ] as const)('classifies the $name as $where', ({ p, poly: ring, where }) => {
    const point = planPoint(p[0], p[1]);
    expect(classifyPoint(point, ring)).toBe(where);
    expect(isPointInPolygon(point, ring)).toBe(where !== 'outside');
  });
});

describe('distance from a point to a segment', () => {
  it.each([
    { name: 'perpendicular foot inside', p: [2, 3], d: 3 },
    { name: 'beyond the b end', p: [7, 4], d: 5 },
    { name: 'beyond the a end', p: [-3, 0], d: 3 },
    { name: 'on the segment', p: [1, 0], d: 0 },
  ])('measures $name', ({ p, d }) => {
    expect(distancePointToSegment(planPoint(p[0]!, p[1]!), planPoint(0, 0), planPoint(4, 0))).toBeCloseTo(d, 12);
  });
});

describe('opening placement', () => {
  const w = wall(0, 0, 5, 0);
  it.each([
    { name: 'a door in the middle', offset: 1, width: 0.9, fits: true, start: [1, 0], end: [1.9, 0] },
    { name: 'an opening flush with the wall end', offset: 4, width: 1, fits: true, start: [4, 0], end: [5, 0] },
    { name: 'an opening running past the end', offset: 4.5, width: 1, fits: false, start: [4.5, 0], end: [5.5, 0] },
    { name: 'an opening wider than the wall', offset: 0, width: 6, fits: false, start: [0, 0], end: [6, 0] },
    { name: 'a negative offset', offset: -0.5, width: 1, fits: false, start: [-0.5, 0], end: [0.5, 0] },
  ])('places $name (fits: $fits)', ({ offset, width, fits, start, end }) => {
    const placed = placeOpening(w, metres(offset), metres(width));
    expect(placed.fits).toBe(fits);
    expect(placed.start[0]).toBeCloseTo(start[0]!, 12);
    expect(placed.end[0]).toBeCloseTo(end[0]!, 12);
    expect(placed.centre[0]).toBeCloseTo((start[0]! + end[0]!) / 2, 12);
  });

  it('places openings along a diagonal wall', () => {
    const placed = placeOpening(wall(0, 0, 3, 4), metres(2.5), metres(1));
    expect(placed.start[0]).toBeCloseTo(1.5, 12);
    expect(placed.start[1]).toBeCloseTo(2, 12);
    expect(placed.fits).toBe(true);
  });

  it.each([
    { offset: -1, width: 1, clamped: 0 },
    { offset: 2, width: 1, clamped: 2 },
    { offset: 4.5, width: 1, clamped: 4 },
    { offset: 3, width: 9, clamped: 0 },
  ])('clamps offset $offset for width $width to $clamped', ({ offset, width, clamped }) => {
    expect(clampOpeningOffset(w, metres(offset), metres(width))).toBeCloseTo(clamped, 12);
  });
});

describe('simple polygons', () => {
  it.each([
    { name: 'a square', p: square, simple: true },
    { name: 'a concave L', p: lShape, simple: true },
    { name: 'a bow tie', p: poly([0, 0], [2, 2], [2, 0], [0, 2]), simple: false },
    { name: 'a ring with a repeated point', p: poly([0, 0], [2, 0], [2, 0], [0, 2]), simple: false },
    { name: 'a ring that folds back on itself', p: poly([0, 0], [4, 0], [2, 0], [2, 2]), simple: false },
    { name: 'a ring touching itself at a vertex', p: poly([0, 0], [4, 0], [2, 2], [4, 4], [0, 4], [2, 2]), simple: false },
  ])('treats $name as simple: $simple', ({ p, simple }) => {
    expect(isSimplePolygon(p)).toBe(simple);
  });
});

describe('bounding box', () => {
  it('spans all points', () => {
    expect(boundingBox(lShape)).toEqual({ min: [0, 0], max: [4, 4] });
    expect(boundingBox(poly([-1, 3], [2, -5]))).toEqual({ min: [-1, -5], max: [2, 3] });
  });

  it('is undefined for no points', () => {
    expect(boundingBox([])).toBeUndefined();
  });
});
