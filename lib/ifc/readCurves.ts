/**
 * Curves and profiles as 2D point lists, in the file's length unit and the curve's own frame:
 * what outlines of spaces and slabs and the axes of walls are drawn with. Covers what authoring
 * tools write for those (polylines, indexed poly curves, composite curves of lines and arcs,
 * rectangles, circles); anything else reads as `undefined` and the caller falls back to the mesh.
 */
import { IDENTITY, operatorOf, placementOf, pointOf, transformPoint, type Mat4 } from './readMatrix';
import { MAX_DEPTH, enumOf, numberOf, numbersOf, refsOf, valueOf, type StepLine, type StepModel } from './readStep';
import * as W from 'web-ifc';

export type Point2 = readonly [number, number];

/** Segments an arc or circle is drawn with, per full turn. */
const SEGMENTS_PER_TURN = 32;

/** Most curve lines one outline may visit: composite curves that contain themselves twice would otherwise take 2^depth steps. */
const VISITS = 10_000;

/**
 * The points of a curve, in order (closed curves repeat their first point, as IFC writes them).
 * `angleScale` turns the file's plane angle unit into radians (trim parameters of arcs).
 */
export function curvePoints(model: StepModel, curve: StepLine | undefined, angleScale: number): Point2[] | undefined {
  return walkCurve(model, curve, angleScale, 0, { left: VISITS });
}

function walkCurve(model: StepModel, curve: StepLine | undefined, angleScale: number, depth: number, budget: { left: number }): Point2[] | undefined {
  if (curve === undefined || depth > MAX_DEPTH || --budget.left < 0) return undefined;
  switch (curve.type) {
    case W.IFCPOLYLINE: {
      const points = refsOf(curve.Points).map((id) => pointOf(model, { type: W.REF, value: id }));
      return points.every((p) => p !== undefined) ? points.map((p) => [p![0], p![1]] as const) : undefined;
    }
    case W.IFCINDEXEDPOLYCURVE:
      return indexedPolyCurve(model, curve);
    case W.IFCCOMPOSITECURVE:
    case W.IFCCOMPOSITECURVEONSURFACE: {
      const out: Point2[] = [];
      for (const id of refsOf(curve.Segments)) {
        const segment = model.line(id);
        let points = walkCurve(model, model.follow(segment?.ParentCurve), angleScale, depth + 1, budget);
        if (points === undefined) return undefined;
        if (valueOf(segment?.SameSense) === false) points = [...points].reverse();
        appendJoined(out, points);
      }
      return out.length >= 2 ? out : undefined;
    }
    case W.IFCTRIMMEDCURVE:
      return trimmedCurve(model, curve, angleScale, depth, budget);
    case W.IFCCIRCLE: {
      const circle = circleOf(model, curve);
      return circle === undefined ? undefined : arc(circle, 0, 2 * Math.PI);
    }
    default:
      return undefined;
  }
}

/**
 * The outer boundary of a profile as an open ring, transformed by the profile's own Position
 * (and a derived profile's operator). Holes (IfcArbitraryProfileDefWithVoids) are ignored: the
 * model's polygons have none.
 */
export function profileOutline(model: StepModel, profile: StepLine | undefined, angleScale: number, depth = 0): Point2[] | undefined {
  if (profile === undefined || depth > MAX_DEPTH) return undefined;
  const position = (): Mat4 => placementOf(model, model.follow(profile.Position));
  let local: Point2[] | undefined;
  let frame: Mat4 = position();
  if (profile.type === W.IFCRECTANGLEPROFILEDEF || profile.type === W.IFCRECTANGLEHOLLOWPROFILEDEF || profile.type === W.IFCROUNDEDRECTANGLEPROFILEDEF) {
    const x = numberOf(profile.XDim);
    const y = numberOf(profile.YDim);
    if (x === undefined || y === undefined || !(x > 0 && y > 0)) return undefined;
    local = [[-x / 2, -y / 2], [x / 2, -y / 2], [x / 2, y / 2], [-x / 2, y / 2]];
  } else if (profile.type === W.IFCCIRCLEPROFILEDEF || profile.type === W.IFCCIRCLEHOLLOWPROFILEDEF) {
    const r = numberOf(profile.Radius);
    if (r === undefined || !(r > 0)) return undefined;
    local = arc({ centre: [0, 0], radius: r, frame: [1, 0, 0, 1] }, 0, 2 * Math.PI);
  } else if (profile.type === W.IFCELLIPSEPROFILEDEF) {
    const a = numberOf(profile.SemiAxis1);
    const b = numberOf(profile.SemiAxis2);
    if (a === undefined || b === undefined || !(a > 0 && b > 0)) return undefined;
    local = Array.from({ length: SEGMENTS_PER_TURN }, (_, i) => {
      const t = (i / SEGMENTS_PER_TURN) * 2 * Math.PI;
      return [a * Math.cos(t), b * Math.sin(t)] as const;
    });
  } else if (profile.type === W.IFCARBITRARYCLOSEDPROFILEDEF || profile.type === W.IFCARBITRARYPROFILEDEFWITHVOIDS) {
    local = curvePoints(model, model.follow(profile.OuterCurve), angleScale);
    frame = IDENTITY;
  } else if (profile.type === W.IFCDERIVEDPROFILEDEF) {
    local = profileOutline(model, model.follow(profile.ParentProfile), angleScale, depth + 1);
    frame = operatorOf(model, model.follow(profile.Operator));
  }
  if (local === undefined) return undefined;
  return openRing(local.map(([x, y]) => {
    const p = transformPoint(frame, x, y, 0);
    return [p[0], p[1]] as const;
  }));
}

/** Drops the repeated closing point (and any repeated neighbours) of a ring. */
export function openRing(points: readonly Point2[]): Point2[] {
  const out: Point2[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last === undefined || Math.hypot(p[0] - last[0], p[1] - last[1]) > 1e-9) out.push(p);
  }
  while (out.length > 1 && Math.hypot(out[0]![0] - out[out.length - 1]![0], out[0]![1] - out[out.length - 1]![1]) <= 1e-9) out.pop();
  return out;
}

function appendJoined(out: Point2[], points: readonly Point2[]): void {
  for (const p of points) {
    const last = out[out.length - 1];
    if (last === undefined || Math.hypot(p[0] - last[0], p[1] - last[1]) > 1e-9) out.push(p);
  }
}

/**
 * IFC4 IfcIndexedPolyCurve: a point list plus optional line and arc segments (1-based indices).
 * `GetLine` drops which kind a segment is, so the segments are read from the raw line.
 */
function indexedPolyCurve(model: StepModel, curve: StepLine): Point2[] | undefined {
  const list = model.follow(curve.Points);
  const coords = Array.isArray(list?.CoordList) ? list.CoordList.map((c) => numbersOf(c)) : undefined;
  if (coords === undefined || coords.some((c) => c === undefined || c.length < 2)) return undefined;
  const point = (i: number | undefined): Point2 | undefined => {
    const c = i === undefined ? undefined : coords[i - 1];
    return c === undefined ? undefined : [c[0]!, c[1]!];
  };
  let segments: unknown;
  try {
    segments = (model.api.GetRawLineData(model.modelID, curve.expressID).arguments as unknown[])[1];
  } catch {
    return undefined;
  }
  if (!Array.isArray(segments) || segments.length === 0) return coords.map((c) => [c![0]!, c![1]!] as const);
  const out: Point2[] = [];
  for (const segment of segments as { typecode?: unknown; value?: unknown }[]) {
    const indices = Array.isArray(segment?.value) ? segment.value.map(numberOf) : [];
    const points = indices.map(point);
    if (points.length < 2 || points.some((p) => p === undefined)) return undefined;
    const isArc = segment.typecode === W.IFCARCINDEX && points.length === 3;
    appendJoined(out, isArc ? arcThrough(points[0]!, points[1]!, points[2]!) : (points as Point2[]));
  }
  return out;
}

interface Circle {
  readonly centre: Point2;
  readonly radius: number;
  /** The circle's own X and Y axes in the plane: [xx, xy, yx, yy]. */
  readonly frame: readonly [number, number, number, number];
}

function circleOf(model: StepModel, curve: StepLine): Circle | undefined {
  const radius = numberOf(curve.Radius);
  if (radius === undefined || !(radius > 0)) return undefined;
  const m = placementOf(model, model.follow(curve.Position));
  return { centre: [m[12]!, m[13]!], radius, frame: [m[0]!, m[1]!, m[4]!, m[5]!] };
}

function arc(c: Circle, from: number, to: number): Point2[] {
  const steps = Math.max(2, Math.ceil((Math.abs(to - from) / (2 * Math.PI)) * SEGMENTS_PER_TURN));
  return Array.from({ length: steps + 1 }, (_, i) => {
    const t = from + ((to - from) * i) / steps;
    const lx = c.radius * Math.cos(t);
    const ly = c.radius * Math.sin(t);
    return [c.centre[0] + lx * c.frame[0] + ly * c.frame[2], c.centre[1] + lx * c.frame[1] + ly * c.frame[3]] as const;
  });
}

/** The arc from `a` through `b` to `c`; a straight line when they are collinear. */
function arcThrough(a: Point2, b: Point2, c: Point2): Point2[] {
  const d = 2 * (a[0] * (b[1] - c[1]) + b[0] * (c[1] - a[1]) + c[0] * (a[1] - b[1]));
  if (Math.abs(d) < 1e-12) return [a, c];
  const sq = (p: Point2) => p[0] * p[0] + p[1] * p[1];
  const ux = (sq(a) * (b[1] - c[1]) + sq(b) * (c[1] - a[1]) + sq(c) * (a[1] - b[1])) / d;
  const uy = (sq(a) * (c[0] - b[0]) + sq(b) * (a[0] - c[0]) + sq(c) * (b[0] - a[0])) / d;
  const angle = (p: Point2) => Math.atan2(p[1] - uy, p[0] - ux);
  const start = angle(a);
  let end = angle(c);
  let mid = angle(b);
  // Go the way that passes b.
  const ccw = (x: number) => ((x - start) % (2 * Math.PI) + 2 * Math.PI) % (2 * Math.PI);
  mid = ccw(mid);
  end = ccw(end);
  const sweep = mid <= end ? end : end - 2 * Math.PI;
  return arc({ centre: [ux, uy], radius: Math.hypot(a[0] - ux, a[1] - uy), frame: [1, 0, 0, 1] }, start, start + sweep);
}

/** A trimmed line or circle, trimmed by points or by parameters. */
function trimmedCurve(model: StepModel, curve: StepLine, angleScale: number, depth: number, budget: { left: number }): Point2[] | undefined {
  const basis = model.follow(curve.BasisCurve);
  if (basis === undefined) return undefined;
  const sense = valueOf(curve.SenseAgreement) !== false;
  const trimPoint = (trim: unknown): Point2 | undefined => {
    for (const item of Array.isArray(trim) ? trim : [trim]) {
      const p = pointOf(model, item);
      if (p !== undefined) return [p[0], p[1]];
    }
    return undefined;
  };
  const trimParameter = (trim: unknown): number | undefined => {
    for (const item of Array.isArray(trim) ? trim : [trim]) {
      if (pointOf(model, item) !== undefined) continue;
      const n = numberOf(item);
      if (n !== undefined) return n;
    }
    return undefined;
  };
  if (basis.type === W.IFCCIRCLE) {
    const c = circleOf(model, basis);
    if (c === undefined) return undefined;
    const angleAt = (trim: unknown): number | undefined => {
      const p = trimPoint(trim);
      if (p !== undefined && enumOf(curve.MasterRepresentation) !== 'PARAMETER') {
        const dx = p[0] - c.centre[0];
        const dy = p[1] - c.centre[1];
        return Math.atan2(dx * c.frame[2] + dy * c.frame[3], dx * c.frame[0] + dy * c.frame[1]);
      }
      const t = trimParameter(trim);
      return t === undefined ? undefined : t * angleScale;
    };
    const t1 = angleAt(curve.Trim1);
    const t2 = angleAt(curve.Trim2);
    if (t1 === undefined || t2 === undefined) return undefined;
    let sweep = sense ? t2 - t1 : t1 - t2;
    sweep = ((sweep % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI) || 2 * Math.PI;
    return arc(c, t1, sense ? t1 + sweep : t1 - sweep);
  }
  if (basis.type === W.IFCLINE) {
    const origin = pointOf(model, basis.Pnt);
    const vector = model.follow(basis.Dir);
    const dir = numbersOf(model.follow(vector?.Orientation)?.DirectionRatios);
    const magnitude = numberOf(vector?.Magnitude) ?? 1;
    const at = (trim: unknown): Point2 | undefined => {
      const p = trimPoint(trim);
      if (p !== undefined) return p;
      const t = trimParameter(trim);
      if (t === undefined || origin === undefined || dir === undefined) return undefined;
      const l = Math.hypot(dir[0] ?? 0, dir[1] ?? 0) || 1;
      return [origin[0] + ((dir[0] ?? 0) / l) * magnitude * t, origin[1] + ((dir[1] ?? 0) / l) * magnitude * t];
    };
    const a = at(curve.Trim1);
    const b = at(curve.Trim2);
    if (a === undefined || b === undefined) return undefined;
    return sense ? [a, b] : [b, a];
  }
  const points = walkCurve(model, basis, angleScale, depth + 1, budget);
  return points === undefined || sense ? points : [...points].reverse();
}
