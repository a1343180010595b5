/**
 * Walls, spaces and slabs: parametric fields read from the IFC semantics first (Axis, material
 * layers, Body extrusion, FootPrint; notes/ifc.md 1.5), then from quantities, then measured on
 * the product's mesh, with one warning per element that needed a fallback.
 *
 * Two steps per element: `draft*` before the meshes are streamed (says whether the mesh is
 * needed), `finish*` after (fills the gaps, in world metres, IFC Z-up).
 */
import type { PropValue } from '../model';
import type { Point2 } from './readCurves';
import { transformPoint, transformVector, type Mat4, type Vec3 } from './readMatrix';
import type { WorldMesh } from './readMesh';
import { cleanRing, convexHull, floorOutline, zRange } from './readPolygon';
import type { Product, ReadContext } from './readProducts';
import { axisLine, bodyExtrusions, footprintOutline, type Extrusion } from './readShape';
import { enumOf, numberOf, refsOf, textOf } from './readStep';
import * as W from 'web-ifc';

/** A wall's centre line, thickness and height in world metres. */
export interface WallShape {
  readonly a: Point2;
  readonly b: Point2;
  readonly thickness: number;
  readonly height: number;
}

export interface WallDraft {
  readonly product: Product;
  /** Axis end points in the object frame (file units). */
  readonly axis?: readonly [Point2, Point2];
  /** Centre line's offset from the axis along object +Y (file units), when the semantics say. */
  readonly offset?: number;
  readonly thickness?: number;
  readonly height?: number;
  readonly needsMesh: boolean;
}

/** An outline (world metres, counter-clockwise) and, for slabs, a thickness. */
export interface AreaDraft {
  readonly product: Product;
  readonly polygon?: Point2[];
  readonly thickness?: number;
  readonly needsMesh: boolean;
}

/** How vertical an extrusion must be (|cos| to world Z) to count as a plan outline pushed up or down. */
const VERTICAL = 0.99;

export function draftWall(ctx: ReadContext, product: Product, props: Readonly<Record<string, PropValue>>): WallDraft {
  const { model, units } = ctx;
  const axis = axisLine(model, product.line, units.angle);
  const body = verticalExtrusions(ctx, product)[0];
  const usage = layerUsage(ctx, product.id);
  const axisY = axis === undefined ? 0 : (axis[0][1] + axis[1][1]) / 2;
  let bodyY: readonly [number, number] | undefined;
  if (body !== undefined) {
    const ys = body.outline.map(([x, y]) => transformPoint(body.frame, x, y, 0)[1]);
    bodyY = [Math.min(...ys), Math.max(...ys)] as const;
  }
  const thickness = (usage?.total ?? (bodyY && bodyY[1] - bodyY[0])) ?? metresProp(props, /\.(Width|Thickness)$/, units.length);
  const offset = usage?.offset !== undefined ? usage.offset + (usage.sense * usage.total) / 2 : bodyY && (bodyY[0] + bodyY[1]) / 2 - axisY;
  const height = body !== undefined ? body.depth * Math.abs(worldDirection(product.world, body)[2]) : metresProp(props, /\.(Height|Unconnected Height)$/, units.length);
  return { product, axis, offset, thickness, height, needsMesh: axis === undefined || thickness === undefined || height === undefined || offset === undefined };
}

/** The wall's shape, from the draft and (when it needed them) its world mesh vertices; undefined when nothing places it. */
export function finishWall(ctx: ReadContext, draft: WallDraft, points: ArrayLike<number>): WallShape | undefined {
  const { units, warnings } = ctx;
  const s = units.length;
  const { product } = draft;
  const box = objectBox(points, product.world, s);
  const used: string[] = [];
  let { axis, offset, thickness, height } = draft;
  if (axis === undefined) {
    if (box === undefined) {
      warnings.add('no_geometry', `${product.label} has neither an Axis nor a mesh; it was left out.`, product.id);
      return undefined;
    }
    const midY = (box.min[1] + box.max[1]) / 2;
    axis = [[box.min[0], midY], [box.max[0], midY]];
    offset = 0;
    used.push('no Axis; used its mesh bounds for its centre line');
  }
  const axisY = (axis[0][1] + axis[1][1]) / 2;
  if (offset === undefined) {
    offset = box === undefined ? 0 : (box.min[1] + box.max[1]) / 2 - axisY;
    used.push(box === undefined ? 'no material layers or Body profile; took its Axis as its centre line' : 'no material layers or Body profile; centred it on its mesh');
  }
  if (thickness === undefined) {
    thickness = box === undefined ? undefined : box.max[1] - box.min[1];
    used.push(thickness === undefined ? 'no thickness anywhere; made it 0.2 m' : 'no thickness; measured its mesh');
    thickness ??= 0.2 / s;
  }
  if (height === undefined) {
    height = box === undefined ? undefined : box.max[2] - box.min[2];
    used.push(height === undefined ? 'no height anywhere; made it 3 m' : 'no Body extrusion or height quantity; measured its mesh');
    height ??= 3 / s;
  }
  if (used.length > 0) warnings.add('wall_fallback', `${product.label}: ${used.join('; ')}.`, product.id);
  const end = (p: Point2): Point2 => {
    const w = transformPoint(product.world, p[0], p[1] + offset!, 0);
    return [w[0] * s, w[1] * s];
  };
  return { a: end(axis[0]), b: end(axis[1]), thickness: thickness * s, height: height * s };
}

export function draftSpace(ctx: ReadContext, product: Product): AreaDraft {
  const { model, units } = ctx;
  const footprint = footprintOutline(model, product.line, units.angle);
  let polygon: Point2[] | undefined;
  if (footprint !== undefined) polygon = footprint.map(([x, y, z]) => toWorldPlan(product.world, units.length, x, y, z));
  else polygon = extrusionOutline(ctx, product, largest(verticalExtrusions(ctx, product)));
  polygon = polygon && cleanRing(polygon);
  const ok = polygon !== undefined && polygon.length >= 3;
  return { product, polygon: ok ? polygon : undefined, needsMesh: !ok };
}

export function draftSlab(ctx: ReadContext, product: Product): AreaDraft {
  const body = largest(verticalExtrusions(ctx, product));
  const raw = extrusionOutline(ctx, product, body);
  const polygon = raw && cleanRing(raw);
  const ok = body !== undefined && polygon !== undefined && polygon.length >= 3;
  const thickness = body && body.depth * Math.abs(worldDirection(product.world, body)[2]) * ctx.units.length;
  return { product, polygon: ok ? polygon : undefined, thickness: ok ? thickness : undefined, needsMesh: !ok };
}

/**
 * A space's or slab's outline (and a slab's thickness), falling back to the convex hull of its
 * mesh in plan and the mesh's height; undefined when it has no shape at all.
 */
export function finishArea(ctx: ReadContext, draft: AreaDraft, mesh: WorldMesh, kind: 'space' | 'slab'): { polygon: Point2[]; thickness: number } | undefined {
  const { product } = draft;
  if (draft.polygon !== undefined) return { polygon: draft.polygon, thickness: draft.thickness ?? 0 };
  const floor = floorOutline(mesh.points, mesh.triangles);
  const outline = floor ?? convexHull(mesh.points);
  const z = zRange(mesh.points);
  if (outline.length < 3 || z === undefined) {
    ctx.warnings.add('no_geometry', `${product.label} has no outline that could be read and no mesh; it was left out.`, product.id);
    return undefined;
  }
  const how = floor !== undefined ? "the outline of its mesh's floor" : 'the convex hull of its mesh';
  const what = kind === 'slab' ? `no vertical Body extrusion; used ${how} and its mesh's height as thickness` : `no FootPrint or vertical Body extrusion; used ${how}`;
  ctx.warnings.add(`${kind}_fallback`, `${product.label}: ${what}.`, product.id);
  return { polygon: outline, thickness: z[1] - z[0] };
}

/** The product's Body extrusions that run vertically in the world. */
function verticalExtrusions(ctx: ReadContext, product: Product): Extrusion[] {
  return bodyExtrusions(ctx.model, product.line, ctx.units.angle).filter((e) => Math.abs(worldDirection(product.world, e)[2]) >= VERTICAL);
}

function worldDirection(world: Mat4, e: Extrusion): Vec3 {
  const d = transformVector(world, ...e.direction);
  const l = Math.hypot(...d) || 1;
  return [d[0] / l, d[1] / l, d[2] / l];
}

function largest(extrusions: Extrusion[]): Extrusion | undefined {
  let best: Extrusion | undefined;
  let bestArea = -1;
  for (const e of extrusions) {
    const area = Math.abs(shoelace(e.outline));
    if (area > bestArea) {
      best = e;
      bestArea = area;
    }
  }
  return best;
}

function shoelace(points: readonly Point2[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) sum += points[i]![0] * points[(i + 1) % points.length]![1] - points[(i + 1) % points.length]![0] * points[i]![1];
  return sum / 2;
}

function extrusionOutline(ctx: ReadContext, product: Product, body: Extrusion | undefined): Point2[] | undefined {
  if (body === undefined) return undefined;
  return body.outline.map(([x, y]) => {
    const p = transformPoint(body.frame, x, y, 0);
    return toWorldPlan(product.world, ctx.units.length, p[0], p[1], p[2]);
  });
}

function toWorldPlan(world: Mat4, scale: number, x: number, y: number, z: number): Point2 {
  const p = transformPoint(world, x, y, z);
  return [p[0] * scale, p[1] * scale];
}

/** Box of world mesh vertices (metres) in the product's object frame (file units); the frame is rigid. */
function objectBox(points: ArrayLike<number>, world: Mat4, scale: number): { min: Vec3; max: Vec3 } | undefined {
  if (points.length < 3) return undefined;
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i + 2 < points.length; i += 3) {
    const dx = points[i]! / scale - world[12]!;
    const dy = points[i + 1]! / scale - world[13]!;
    const dz = points[i + 2]! / scale - world[14]!;
    for (let axis = 0; axis < 3; axis++) {
      // Rᵀ · d: the object axes are the matrix's columns.
      const c = world[axis * 4]! * dx + world[axis * 4 + 1]! * dy + world[axis * 4 + 2]! * dz;
      min[axis] = Math.min(min[axis]!, c);
      max[axis] = Math.max(max[axis]!, c);
    }
  }
  return { min, max };
}

/** Total thickness of the wall's material layers, and where they sit (IfcMaterialLayerSetUsage). */
function layerUsage(ctx: ReadContext, id: number): { total: number; offset?: number; sense: number } | undefined {
  const { model, relations } = ctx;
  const typeId = relations.typeOf.get(id);
  const candidates = [...(relations.materials.get(id) ?? []), ...(typeId === undefined ? [] : (relations.materials.get(typeId) ?? []))];
  let setOnly: number | undefined;
  for (const materialId of candidates) {
    const material = model.line(materialId);
    if (material?.type === W.IFCMATERIALLAYERSETUSAGE) {
      const total = layerTotal(ctx, model.follow(material.ForLayerSet)?.MaterialLayers);
      if (total === undefined || enumOf(material.LayerSetDirection) === 'AXIS3') continue;
      return { total, offset: numberOf(material.OffsetFromReferenceLine) ?? 0, sense: enumOf(material.DirectionSense) === 'NEGATIVE' ? -1 : 1 };
    }
    if (material?.type === W.IFCMATERIALLAYERSET) setOnly ??= layerTotal(ctx, material.MaterialLayers);
  }
  return setOnly === undefined ? undefined : { total: setOnly, sense: 1 };
}

function layerTotal(ctx: ReadContext, layers: unknown): number | undefined {
  let total = 0;
  for (const id of refsOf(layers)) total += numberOf(ctx.model.line(id)?.LayerThickness) ?? 0;
  return total > 0 ? total : undefined;
}

/** A positive length among the props (already in metres), in file units. */
function metresProp(props: Readonly<Record<string, PropValue>>, key: RegExp, scale: number): number | undefined {
  for (const [k, v] of Object.entries(props)) if (key.test(k) && typeof v === 'number' && v > 0) return v / scale;
  return undefined;
}

/** A space's number, name and usage: Name is the number and LongName the name in ArchiCAD and Revit. */
export function spaceLabels(product: Product, props: Readonly<Record<string, PropValue>>): { number: string; name: string; usage: string } {
  const number = textOf(product.line.Name) ?? '';
  const name = textOf(product.line.LongName) ?? number;
  const fromProps = ['Pset_SpaceOccupancyRequirements.OccupancyType', 'Pset_SpaceCommon.OccupancyType', 'Pset_SpaceCommon.Category'].map((k) => props[k]).find((v) => typeof v === 'string' && v.trim() !== '');
  const usage = textOf(product.line.ObjectType) ?? (typeof fromProps === 'string' ? fromProps.trim() : '');
  return { number: number.slice(0, 50), name: name.slice(0, 200), usage: usage.slice(0, 200) };
}
