/**
 * The parametric shapes ArxOS takes over from a product's representations, read without
 * web-ifc's geometry kernel: the Body extrusion (profile, direction, depth), the Axis line of a
 * wall and the FootPrint outline of a space. Mapped items and boolean results are followed
 * (MappingTarget × MappingOrigin; the FirstOperand of a clipping), as far as {@link MAX_DEPTH}.
 * Everything is in the product's object frame and the file's length unit.
 */
import { curvePoints, profileOutline, type Point2 } from './readCurves';
import { IDENTITY, multiply, normalize, operatorOf, placementOf, transformPoint, transformVector, type Mat4, type Vec3 } from './readMatrix';
import { MAX_DEPTH, numberOf, refsOf, textOf, type StepLine, type StepModel } from './readStep';
import * as W from 'web-ifc';

/** A representation item and the frame that takes its coordinates to the product's. */
interface ShapeItem {
  readonly line: StepLine;
  readonly frame: Mat4;
}

/** A swept solid: a profile outline on a plane, pushed `depth` along `direction`. */
export interface Extrusion {
  /** Profile outline (open ring) in the profile plane. */
  readonly outline: readonly Point2[];
  /** Profile plane (x, y, 0) → object frame. */
  readonly frame: Mat4;
  /** Unit extrusion direction in the object frame. */
  readonly direction: Vec3;
  /** Length of the extrusion in the object frame. */
  readonly depth: number;
}

/** Most items one representation may unfold into (mapped items that map each other twice would otherwise grow as 2^depth). */
const MAX_ITEMS = 10_000;

/** Solid representations written without an identifier by older exporters. */
const SOLID_TYPES = new Set(['SWEPTSOLID', 'CLIPPING', 'MAPPEDREPRESENTATION', 'CSG', 'ADVANCEDSWEPTSOLID']);

/** The items of the product's representations named `identifier` (case-insensitive). */
function shapeItems(model: StepModel, product: StepLine, identifier: string): ShapeItem[] {
  const out: ShapeItem[] = [];
  const shape = model.follow(product.Representation);
  for (const id of refsOf(shape?.Representations)) {
    const representation = model.line(id);
    if (representation === undefined || !isNamed(representation, identifier)) continue;
    for (const item of refsOf(representation.Items)) collect(model, model.line(item), IDENTITY, 0, out, { left: MAX_ITEMS });
  }
  return out;
}

function isNamed(representation: StepLine, identifier: string): boolean {
  const name = textOf(representation.RepresentationIdentifier)?.toUpperCase();
  if (name !== undefined) return name === identifier.toUpperCase();
  return identifier === 'Body' && SOLID_TYPES.has(textOf(representation.RepresentationType)?.toUpperCase() ?? '');
}

function collect(model: StepModel, item: StepLine | undefined, frame: Mat4, depth: number, out: ShapeItem[], budget: { left: number }): void {
  if (item === undefined || depth > MAX_DEPTH || --budget.left < 0) return;
  if (item.type === W.IFCMAPPEDITEM) {
    const map = model.follow(item.MappingSource);
    const placed = multiply(multiply(frame, operatorOf(model, model.follow(item.MappingTarget))), placementOf(model, model.follow(map?.MappingOrigin)));
    for (const id of refsOf(model.follow(map?.MappedRepresentation)?.Items)) collect(model, model.line(id), placed, depth + 1, out, budget);
  } else if (item.type === W.IFCBOOLEANCLIPPINGRESULT || item.type === W.IFCBOOLEANRESULT) {
    // Clippings trim a wall's top or ends; the first operand is the solid before trimming.
    collect(model, model.follow(item.FirstOperand), frame, depth + 1, out, budget);
  } else {
    out.push({ line: item, frame });
  }
}

/** The product's Body extrusions (IfcExtrudedAreaSolid, tapered or not) whose profile could be read. */
export function bodyExtrusions(model: StepModel, product: StepLine, angleScale: number): Extrusion[] {
  const out: Extrusion[] = [];
  for (const { line, frame } of shapeItems(model, product, 'Body')) {
    if (line.type !== W.IFCEXTRUDEDAREASOLID && line.type !== W.IFCEXTRUDEDAREASOLIDTAPERED) continue;
    const outline = profileOutline(model, model.follow(line.SweptArea), angleScale);
    const depth = numberOf(line.Depth);
    const dir = directionRatios(model, model.follow(line.ExtrudedDirection));
    if (outline === undefined || outline.length < 3 || depth === undefined || !(depth > 0) || dir === undefined) continue;
    const solidFrame = multiply(frame, placementOf(model, model.follow(line.Position)));
    const along = transformVector(solidFrame, dir[0], dir[1], dir[2]);
    const direction = normalize(along);
    if (direction === undefined) continue;
    out.push({ outline, frame: solidFrame, direction, depth: depth * Math.hypot(...along) });
  }
  return out;
}

function directionRatios(model: StepModel, line: StepLine | undefined): Vec3 | undefined {
  const d = Array.isArray(line?.DirectionRatios) ? line.DirectionRatios.map(numberOf) : undefined;
  if (d === undefined || d.some((n) => n === undefined)) return undefined;
  return normalize(d as number[]);
}

/** The start and end of the product's Axis curve in its object frame (x, y). */
export function axisLine(model: StepModel, product: StepLine, angleScale: number): readonly [Point2, Point2] | undefined {
  for (const { line, frame } of shapeItems(model, product, 'Axis')) {
    const points = curvePoints(model, line, angleScale);
    if (points === undefined || points.length < 2) continue;
    const a = transformPoint(frame, points[0]![0], points[0]![1], 0);
    const b = transformPoint(frame, points[points.length - 1]![0], points[points.length - 1]![1], 0);
    if (Math.hypot(b[0] - a[0], b[1] - a[1]) > 1e-9) return [[a[0], a[1]], [b[0], b[1]]];
  }
  return undefined;
}

/**
 * The largest closed outline of the product's FootPrint representation (ArchiCAD draws space
 * outlines there), as object-frame points (x, y, z).
 */
export function footprintOutline(model: StepModel, product: StepLine, angleScale: number): Vec3[] | undefined {
  let best: Vec3[] | undefined;
  let bestArea = 0;
  for (const { line, frame } of shapeItems(model, product, 'FootPrint')) {
    const curves = line.type === W.IFCGEOMETRICCURVESET || line.type === W.IFCGEOMETRICSET ? refsOf(line.Elements).map((id) => model.line(id)) : [line];
    for (const curve of curves) {
      const points = curvePoints(model, curve, angleScale);
      if (points === undefined || points.length < 3) continue;
      const placed = points.map(([x, y]) => transformPoint(frame, x, y, 0));
      const area = Math.abs(signedArea(placed));
      if (area > bestArea) {
        best = placed;
        bestArea = area;
      }
    }
  }
  return best;
}

/** Shoelace area of points on the plan (x, y). Positive when counter-clockwise. */
export function signedArea(points: readonly (readonly number[])[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const q = points[(i + 1) % points.length]!;
    sum += p[0]! * q[1]! - q[0]! * p[1]!;
  }
  return sum / 2;
}
