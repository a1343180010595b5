/**
 * The small vocabulary the IFC4 exporter writes with: typed IFC values from plain numbers and
 * strings, placements, extrusions, and a {@link StepModel} that writes entities into one web-ifc
 * model. web-ifc 0.0.78's generated typings get most value constructors wrong (e.g.
 * `IfcLengthMeasure(value: Array<IfcPositiveInteger>)`), so every cast to make them compile lives
 * here and nowhere else (notes/ifc.md 2.2).
 */
import { Handle, IFC4, type IfcAPI, type IfcLineObject } from 'web-ifc';

/** A value or entity the web-ifc constructors accept under their (wrong) declared types. */
const v = <T>(value: unknown): T => value as T;

/** Lengths are written to the nanometre, and never as `-0.`. */
export function roundLength(n: number): number {
  const r = Math.round(n * 1e9) / 1e9;
  return r === 0 ? 0 : r;
}

export const label = (s: string) => new IFC4.IfcLabel(s);
export const text = (s: string) => new IFC4.IfcText(s);
export const identifier = (s: string) => new IFC4.IfcIdentifier(s);
/** A label, or `$` for an empty string. */
export const optLabel = (s: string | undefined) => (s ? label(s) : null);
export const len = (n: number) => new IFC4.IfcLengthMeasure(v(roundLength(n)));
export const plen = (n: number) => new IFC4.IfcPositiveLengthMeasure(v(roundLength(n)));
export const nonNegLen = (n: number) => new IFC4.IfcNonNegativeLengthMeasure(v(roundLength(n)));
export const real = (n: number) => new IFC4.IfcReal(v(n));
export const ratio = (n: number) => new IFC4.IfcNormalisedRatioMeasure(v(Math.min(1, Math.max(0, n))));
export const posInt = (n: number) => new IFC4.IfcPositiveInteger(v(n));
export const guidValue = (g: string) => new IFC4.IfcGloballyUniqueId(g);

export const pt2 = (x: number, y: number) => new IFC4.IfcCartesianPoint([len(x), len(y)]);
export const pt3 = (x: number, y: number, z: number) => new IFC4.IfcCartesianPoint([len(x), len(y), len(z)]);
const dirValue = (n: number) => real(Math.round(n * 1e12) / 1e12 || 0);
export const dir2 = (x: number, y: number) => new IFC4.IfcDirection([dirValue(x), dirValue(y)]);
export const dir3 = (x: number, y: number, z: number) => new IFC4.IfcDirection([dirValue(x), dirValue(y), dirValue(z)]);

/** A 3D placement at (x, y, z), Z up, its X axis along plan angle `angle` (radians, counter-clockwise from +x). */
export function axis3(x = 0, y = 0, z = 0, angle = 0): IFC4.IfcAxis2Placement3D {
  return new IFC4.IfcAxis2Placement3D(pt3(x, y, z), angle === 0 ? null : dir3(0, 0, 1), angle === 0 ? null : dir3(Math.cos(angle), Math.sin(angle), 0));
}

/** A 2D placement at (x, y). */
export const axis2 = (x = 0, y = 0) => new IFC4.IfcAxis2Placement2D(pt2(x, y), null);

/** A closed polyline through `points` (the first point repeated at the end). */
export function closedPolyline(points: readonly (readonly [number, number])[]): IFC4.IfcPolyline {
  const first = points[0]!;
  return new IFC4.IfcPolyline([...points, first].map(([x, y]) => pt2(x, y)));
}

/** A `width` × `depth` rectangle, centred on (cx, cy), extruded `height` up from z = 0. */
export function extrudedBox(cx: number, cy: number, width: number, depth: number, height: number): IFC4.IfcExtrudedAreaSolid {
  const profile = new IFC4.IfcRectangleProfileDef(IFC4.IfcProfileTypeEnum.AREA, null, axis2(cx, cy), plen(width), plen(depth));
  return new IFC4.IfcExtrudedAreaSolid(profile, null, dir3(0, 0, 1), plen(height));
}

/** A polygon extruded `height` up from z = 0. */
export function extrudedPolygon(points: readonly (readonly [number, number])[], height: number): IFC4.IfcExtrudedAreaSolid {
  const profile = new IFC4.IfcArbitraryClosedProfileDef(IFC4.IfcProfileTypeEnum.AREA, null, closedPolyline(points));
  return new IFC4.IfcExtrudedAreaSolid(profile, null, dir3(0, 0, 1), plen(height));
}

/** Writes entities into one open web-ifc model. */
export class StepModel {
  constructor(
    readonly api: IfcAPI,
    readonly modelId: number,
  ) {}

  /** Writes `entity` and every unwritten entity it holds (web-ifc replaces them by references); returns it. */
  write<T extends IfcLineObject>(entity: T): T {
    this.api.WriteLine(this.modelId, entity);
    return entity;
  }

  /** A reference to an entity already written, so that holding it elsewhere does not write it again. */
  ref<T extends IfcLineObject>(entity: T): T {
    if (!(entity.expressID > 0)) throw new Error('ref() of an entity that was not written');
    return v<T>(new Handle<T>(entity.expressID));
  }
}

/** A list of entity references, typed as what the constructors declare. */
export const refs = <T>(items: readonly unknown[]): T[] => items as T[];
/** Casts a select-typed argument (IfcValue, IfcUnit …) that the typings reject. */
export const select = v;
