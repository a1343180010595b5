/**
 * One ArxOS element as IFC4 entities, kind by kind. Coordinates: plan (x, y) is IFC (X, Y), z is
 * up, metres; every element is placed relative to its storey's placement (z = 0 at the storey's
 * elevation). Each `write*` first checks what it needs (finite numbers, a length, a polygon) and
 * returns the reason it cannot write the element instead of writing half of it.
 *
 * - wall: placed at `a`, local X along a→b. `Axis` = IfcPolyline (0,0)→(L,0) on the centre line;
 *   `Body` = a rectangle L × thickness centred on the axis, extruded `height`. The thickness is
 *   also one IfcMaterialLayer of an IfcMaterialLayerSetUsage (AXIS2, POSITIVE,
 *   OffsetFromReferenceLine = −t/2: the layers span −t/2..+t/2 about the axis), so a reader that
 *   shifts the axis by OffsetFromReferenceLine + sense·t/2 finds the centre line unchanged.
 * - door / window: an IfcOpeningElement placed in the wall at (offset, 0, sill), i.e. on the
 *   centre line at the opening's near edge and bottom, its body width × (thickness + 2 × 5 cm) ×
 *   height (IfcRelVoidsElement wall → opening); the door/window placed at the opening's origin
 *   (IfcRelFillsElement opening → filling), OverallWidth/OverallHeight set, a thin leaf as body.
 *   One in a slab (a roof window): the IfcOpeningElement is width × height through the slab's
 *   thickness (+ 2 × 5 cm) about `position`, turned by `rotation` (IfcRelVoidsElement slab →
 *   opening); the door/window is placed at `position` turned by `rotation`, its body the geometry
 *   asset when the caller can supply it, else a thin leaf width × height at its bottom.
 * - space: Name = number, LongName = name, ObjectType = usage; Body = the polygon extruded by the
 *   storey height; FootPrint = the polygon as a curve set.
 * - slab: the polygon extruded `thickness` up from z = −thickness (its top at the storey's
 *   elevation, as the 3D scene draws it).
 * - equipment / object: placed at `position` turned by `rotation`; Body = the geometry asset as
 *   triangulated face sets when the caller can supply it, else a box on the plan position with its
 *   bottom at z (equipment 0.3 m; object: props width/depth/height, else 0.5 m).
 */
import { IFC4, type IfcLineObject } from 'web-ifc';
import type { BuildingObject, Equipment, Opening, PlacedOpeningFields, PlanPoint, Slab, Space, Wall } from '../model';
import { polygonArea } from '../model';
import type { MeshAsset } from './meshAsset';
import { readAsset, writeMeshItems, type SurfaceStyles } from './writeMesh';
import { createIfcElement, ifcClassOf } from './writeProductClass';
import { axis3, extrudedBox, extrudedPolygon, label, optLabel, plen, pt2, type StepModel } from './writeStep';

/** What every element writer needs from the export. */
export interface ExportScope {
  readonly step: StepModel;
  readonly ownerHistory: IFC4.IfcOwnerHistory;
  readonly contexts: {
    readonly body: IFC4.IfcGeometricRepresentationSubContext;
    readonly axis: IFC4.IfcGeometricRepresentationSubContext;
    readonly footprint: IFC4.IfcGeometricRepresentationSubContext;
  };
  readonly styles: SurfaceStyles;
  /** A deterministic GlobalId for an entity ArxOS has no id for (relations, openings, property sets). */
  guid(key: string): IFC4.IfcGloballyUniqueId;
  /** The encoded geometry asset of a hash, when the caller supplied a source. */
  asset(hash: string): Uint8Array | undefined;
  /** Something written differently from the model (the element is still exported). */
  warn(id: string, reason: string): void;
}

/** The storey an element is written into. */
export interface StoreyFrame {
  /** Its IfcLocalPlacement (a reference). */
  readonly placement: IFC4.IfcLocalPlacement;
  /** Floor-to-floor height, the extrusion of its spaces. */
  readonly height: number;
}

/** A written wall, for the openings it hosts. */
export interface WrittenWall {
  readonly product: IFC4.IfcWall;
  readonly placement: IFC4.IfcLocalPlacement;
  readonly thickness: number;
}

/** A door or window in a slab. */
export type PlacedOpening = Opening & PlacedOpeningFields;

/** A written slab, for the openings it hosts. */
export interface WrittenSlab {
  readonly product: IFC4.IfcSlab;
  readonly thickness: number;
}

/** Result of an element writer: the written product (a reference), or why nothing was written. */
export type Written<T = IfcLineObject> = { ok: true; product: T } | { ok: false; reason: string };

const OPENING_MARGIN = 0.05;
const DOOR_LEAF = 0.05;
const WINDOW_PANE = 0.03;
const EQUIPMENT_BOX = 0.3;
const OBJECT_BOX = 0.5;
const MIN_LENGTH = 1e-6;

const finite = (...values: number[]) => values.every((n) => Number.isFinite(n));
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

function shape(representations: IFC4.IfcShapeRepresentation[]): IFC4.IfcProductDefinitionShape {
  return new IFC4.IfcProductDefinitionShape(null, null, representations);
}

function bodyOf(scope: ExportScope, items: IFC4.IfcRepresentationItem[], type = 'SweptSolid'): IFC4.IfcShapeRepresentation {
  return new IFC4.IfcShapeRepresentation(scope.contexts.body, label('Body'), label(type), items);
}

function place(scope: ExportScope, relativeTo: IFC4.IfcLocalPlacement, x = 0, y = 0, z = 0, angle = 0): IFC4.IfcLocalPlacement {
  return scope.step.ref(scope.step.write(new IFC4.IfcLocalPlacement(relativeTo, axis3(x, y, z, angle))));
}

/** Why a polygon cannot be extruded, if it cannot. */
function polygonProblem(polygon: readonly PlanPoint[]): string | undefined {
  if (polygon.length < 3) return 'its outline has fewer than 3 points';
  if (!polygon.every(([x, y]) => finite(x, y))) return 'its outline has a coordinate that is not a finite number';
  if (!(polygonArea(polygon) > 1e-9)) return 'its outline encloses no area';
  return undefined;
}

/** A wall; see the file comment. */
export function writeWall(scope: ExportScope, wall: Wall, globalId: string, storey: StoreyFrame): Written<WrittenWall> {
  const [ax, ay] = wall.a;
  const [bx, by] = wall.b;
  if (!finite(ax, ay, bx, by, wall.thickness, wall.height)) return fail('a coordinate, its thickness or its height is not a finite number');
  const length = Math.hypot(bx - ax, by - ay);
  if (!(length > MIN_LENGTH)) return fail('it has no length (both ends are the same point)');
  if (!(wall.thickness > 0) || !(wall.height > 0)) return fail('its thickness and height must be greater than 0');
  const placement = place(scope, storey.placement, ax, ay, 0, Math.atan2(by - ay, bx - ax));
  const axis = new IFC4.IfcShapeRepresentation(scope.contexts.axis, label('Axis'), label('Curve2D'), [new IFC4.IfcPolyline([pt2(0, 0), pt2(length, 0)])]);
  const body = bodyOf(scope, [extrudedBox(length / 2, 0, length, wall.thickness, wall.height)]);
  const product = new IFC4.IfcWall(new IFC4.IfcGloballyUniqueId(globalId), scope.ownerHistory, optLabel(wall.name), null, null, placement, shape([axis, body]), null, IFC4.IfcWallTypeEnum.STANDARD);
  return { ok: true, product: { product: scope.step.ref(scope.step.write(product)), placement, thickness: wall.thickness } };
}

/** A door or window with its opening in `host`; see the file comment. */
export function writeOpening(scope: ExportScope, opening: Opening, globalId: string, host: WrittenWall): Written {
  const { offset, sill, width, height } = opening;
  if (!finite(offset, sill, width, height)) return fail('its offset, sill, width or height is not a finite number');
  if (!(width > 0) || !(height > 0)) return fail('its width and height must be greater than 0');
  const { step } = scope;
  const voidPlacement = place(scope, host.placement, offset, 0, sill);
  const voidBody = bodyOf(scope, [extrudedBox(width / 2, 0, width, host.thickness + 2 * OPENING_MARGIN, height)]);
  const hole = step.write(
    new IFC4.IfcOpeningElement(scope.guid(`opening/${globalId}`), scope.ownerHistory, optLabel(opening.name && `Opening: ${opening.name}`), null, null, voidPlacement, shape([voidBody]), null, IFC4.IfcOpeningElementTypeEnum.OPENING),
  );
  step.write(new IFC4.IfcRelVoidsElement(scope.guid(`voids/${globalId}`), scope.ownerHistory, null, null, host.product, step.ref(hole)));
  const placement = place(scope, voidPlacement);
  const leaf = Math.min(opening.kind === 'door' ? DOOR_LEAF : WINDOW_PANE, host.thickness);
  const body = shape([bodyOf(scope, [extrudedBox(width / 2, 0, width, leaf, height)])]);
  const filling = step.ref(step.write(openingProduct(scope, opening, globalId, placement, body)));
  step.write(new IFC4.IfcRelFillsElement(scope.guid(`fills/${globalId}`), scope.ownerHistory, null, null, step.ref(hole), filling));
  return { ok: true, product: filling };
}

/** A door or window in a slab, placed on its own; see the file comment. */
export function writeOpeningInSlab(scope: ExportScope, opening: PlacedOpening, globalId: string, host: WrittenSlab, storey: StoreyFrame): Written {
  const { width, height, rotation } = opening;
  const [x, y, z] = opening.position;
  if (!finite(x, y, z, rotation, width, height)) return fail('its position, rotation, width or height is not a finite number');
  if (!(width > 0) || !(height > 0)) return fail('its width and height must be greater than 0');
  const { step } = scope;
  const voidBody = bodyOf(scope, [extrudedBox(0, 0, width, height, host.thickness + 2 * OPENING_MARGIN)]);
  const voidPlacement = place(scope, storey.placement, x, y, -host.thickness - OPENING_MARGIN, rotation);
  const hole = step.write(
    new IFC4.IfcOpeningElement(scope.guid(`opening/${globalId}`), scope.ownerHistory, optLabel(opening.name && `Opening: ${opening.name}`), null, null, voidPlacement, shape([voidBody]), null, IFC4.IfcOpeningElementTypeEnum.OPENING),
  );
  step.write(new IFC4.IfcRelVoidsElement(scope.guid(`voids/${globalId}`), scope.ownerHistory, null, null, host.product, step.ref(hole)));
  const leaf = opening.kind === 'door' ? DOOR_LEAF : WINDOW_PANE;
  const body = shape([assetBody(scope, opening) ?? bodyOf(scope, [extrudedBox(0, 0, width, height, leaf)])]);
  const filling = step.ref(step.write(openingProduct(scope, opening, globalId, place(scope, storey.placement, x, y, z, rotation), body)));
  step.write(new IFC4.IfcRelFillsElement(scope.guid(`fills/${globalId}`), scope.ownerHistory, null, null, step.ref(hole), filling));
  return { ok: true, product: filling };
}

/** The IfcDoor or IfcWindow of an opening, OverallWidth/OverallHeight set. */
function openingProduct(scope: ExportScope, opening: Opening, globalId: string, placement: IFC4.IfcLocalPlacement, body: IFC4.IfcProductDefinitionShape): IFC4.IfcDoor | IFC4.IfcWindow {
  const guid = new IFC4.IfcGloballyUniqueId(globalId);
  const { width, height } = opening;
  return opening.kind === 'door'
    ? new IFC4.IfcDoor(guid, scope.ownerHistory, optLabel(opening.name), null, null, placement, body, null, plen(height), plen(width), IFC4.IfcDoorTypeEnum.DOOR, null, null)
    : new IFC4.IfcWindow(guid, scope.ownerHistory, optLabel(opening.name), null, null, placement, body, null, plen(height), plen(width), IFC4.IfcWindowTypeEnum.WINDOW, null, null);
}

/** The element's geometry asset as a tessellated body, or undefined (none, not supplied or unusable: warned). */
function assetBody(scope: ExportScope, element: { readonly id: string; readonly asset?: string }): IFC4.IfcShapeRepresentation | undefined {
  if (element.asset === undefined) return undefined;
  const asset: MeshAsset | string = readAsset(scope.asset(element.asset));
  const items = typeof asset === 'string' ? [] : writeMeshItems(scope.step, scope.styles, asset);
  if (items.length > 0) return bodyOf(scope, items, 'Tessellation');
  scope.warn(element.id, `${typeof asset === 'string' ? asset : 'its geometry asset has no usable triangle'}: exported as a box`);
  return undefined;
}

/** A space (room); see the file comment. */
export function writeSpace(scope: ExportScope, space: Space, globalId: string, storey: StoreyFrame): Written {
  const problem = polygonProblem(space.polygon);
  if (problem !== undefined) return fail(problem);
  const depth = storey.height > 0 && Number.isFinite(storey.height) ? storey.height : 2.5;
  const body = bodyOf(scope, [extrudedPolygon(space.polygon, depth)]);
  const outline = new IFC4.IfcPolyline([...space.polygon, space.polygon[0]!].map(([x, y]) => pt2(x, y)));
  const footprint = new IFC4.IfcShapeRepresentation(scope.contexts.footprint, label('FootPrint'), label('GeometricCurveSet'), [new IFC4.IfcGeometricCurveSet([outline])]);
  const product = new IFC4.IfcSpace(
    new IFC4.IfcGloballyUniqueId(globalId),
    scope.ownerHistory,
    optLabel(space.number),
    null,
    optLabel(space.usage),
    place(scope, storey.placement),
    shape([body, footprint]),
    optLabel(space.name),
    IFC4.IfcElementCompositionEnum.ELEMENT,
    null,
    null,
  );
  return { ok: true, product: scope.step.ref(scope.step.write(product)) };
}

/** A floor slab; see the file comment. */
export function writeSlab(scope: ExportScope, slab: Slab, globalId: string, storey: StoreyFrame): Written {
  const problem = polygonProblem(slab.polygon);
  if (problem !== undefined) return fail(problem);
  if (!finite(slab.thickness) || !(slab.thickness > 0)) return fail('its thickness must be a number greater than 0');
  const body = bodyOf(scope, [extrudedPolygon(slab.polygon, slab.thickness)]);
  const product = new IFC4.IfcSlab(new IFC4.IfcGloballyUniqueId(globalId), scope.ownerHistory, optLabel(slab.name), null, null, place(scope, storey.placement, 0, 0, -slab.thickness), shape([body]), null, IFC4.IfcSlabTypeEnum.FLOOR);
  return { ok: true, product: scope.step.ref(scope.step.write(product)) };
}

const positiveProp = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback);

/** Equipment or an object; see the file comment. */
export function writePlaced(scope: ExportScope, element: Equipment | BuildingObject, globalId: string, storey: StoreyFrame): Written {
  const [x, y, z] = element.position;
  if (!finite(x, y, z, element.rotation)) return fail('its position or rotation is not a finite number');
  let representation = assetBody(scope, element);
  if (representation === undefined) {
    const size = element.kind === 'equipment' ? [EQUIPMENT_BOX, EQUIPMENT_BOX, EQUIPMENT_BOX] : ['width', 'depth', 'height'].map((k) => positiveProp(element.props[k], OBJECT_BOX));
    representation = bodyOf(scope, [extrudedBox(0, 0, size[0]!, size[1]!, size[2]!)]);
  }
  const objectType = element.kind === 'equipment' ? element.type : element.category;
  const ifcClass = ifcClassOf(element);
  const product = createIfcElement(ifcClass.name, [
    new IFC4.IfcGloballyUniqueId(globalId),
    scope.ownerHistory,
    optLabel(element.name),
    null,
    optLabel(objectType),
    place(scope, storey.placement, x, y, z, element.rotation),
    shape([representation]),
    null,
  ], ifcClass.predefined);
  return { ok: true, product: scope.step.ref(scope.step.write(product)) };
}
