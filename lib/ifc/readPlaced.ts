/**
 * Elements placed by a point and a turn — objects and equipment — and doors and windows, which
 * the model places along their host wall (or, in a slab or roof, by a point and a turn too).
 * Fields come out in world metres (plan x, y) before the far-from-origin shift; the caller shifts
 * and builds the records.
 */
import {
  clampOpeningOffset,
  distancePointToSegment,
  EQUIPMENT_STATUSES,
  isEquipmentSystem,
  metres,
  parsePath,
  planPoint,
  roomSegment,
  slugSegment,
  spaceAt,
  wallLength,
  type EquipmentStatus,
  type EquipmentSystem,
  type PropValue,
  type Slab,
  type Space,
  type Wall,
} from '../model';
import { entityWords, OBJECT_CATEGORIES, specificKind, systemOfEntity, systemOfGroup } from './readCategories';
import type { Point2 } from './readCurves';
import type { AssetFrame } from './readMesh';
import type { Product, ReadContext } from './readProducts';
import { enumOf, numberOf, textOf } from './readStep';
import * as W from 'web-ifc';

/** Where a product stands: position (x, y world metres; z above its storey) and turn about z. */
export interface Placement {
  readonly position: readonly [number, number, number];
  readonly rotation: number;
  /** The asset frame: world metres, Z-up. */
  readonly frame: AssetFrame;
}

export function placementOf(ctx: ReadContext, product: Product): Placement {
  const s = ctx.units.length;
  const w = product.world;
  const origin = [w[12]! * s, w[13]! * s, w[14]! * s] as const;
  // The turn of the object's X axis in plan; an X axis pointing straight up reads as 0.
  const rotation = Math.hypot(w[0]!, w[1]!) > 1e-9 ? Math.atan2(w[1]!, w[0]!) : 0;
  return { position: [origin[0], origin[1], origin[2] - product.storey.datum], rotation, frame: { origin, rotation } };
}

/** The category of an object: a word for the common IFC entities, else the entity name. */
export function categoryOf(product: Product, furnishing: ReadonlySet<number>): string {
  return OBJECT_CATEGORIES[product.ifc.type] ?? (furnishing.has(product.id) ? 'furniture' : product.ifc.type);
}

/** A door or window before its host wall is known for certain. */
export interface OpeningDraft {
  readonly product: Product;
  readonly kind: 'door' | 'window';
  /** The element the file says it fills the opening of (IfcRelFillsElement → IfcRelVoidsElement). */
  readonly ifcHost?: number;
  /** OverallWidth / OverallHeight in metres, when given. */
  readonly width?: number;
  readonly height?: number;
  readonly placement: Placement;
}

export function draftOpening(ctx: ReadContext, product: Product, kind: 'door' | 'window'): OpeningDraft {
  const s = ctx.units.length;
  const opening = ctx.relations.fills.get(product.id);
  const width = numberOf(product.line.OverallWidth);
  const height = numberOf(product.line.OverallHeight);
  return {
    product,
    kind,
    ifcHost: opening === undefined ? undefined : ctx.relations.voids.get(opening),
    width: width !== undefined && width > 0 ? width * s : undefined,
    height: height !== undefined && height > 0 ? height * s : undefined,
    placement: placementOf(ctx, product),
  };
}

/** A wall as built, with where it came from. */
export interface BuiltWall {
  readonly wall: Wall;
  readonly line: number;
  readonly storeyDatum: number;
}

/** A slab as built, with where it came from: the host of a roof window or a hatch. */
export interface BuiltSlab {
  readonly slab: Slab;
  readonly line: number;
  readonly storeyDatum: number;
}

/** The elements an opening may be hosted by. */
export interface OpeningHosts {
  /** Walls by their product's line. */
  readonly byLine: ReadonlyMap<number, BuiltWall>;
  /** Every wall built. */
  readonly all: readonly BuiltWall[];
  /** The slab that `line` became, or, for an assembly (a roof), the one of its parts under `centre` (world metres, before the shift). */
  slabOf(line: number, centre: Point2): BuiltSlab | undefined;
  /** The walls built from the parts of `line` when it is a wall made of walls (an assembly); else none. */
  wallParts(line: number): readonly BuiltWall[];
}

/** What an opening became. */
export type OpeningOutcome =
  | { readonly as: 'opening'; readonly host: BuiltWall; readonly offset: number; readonly width: number; readonly height: number; readonly sill: number }
  /** In a slab: `frame` is the centre of its outline at its bottom (world metres, before the shift), also its asset's frame. */
  | { readonly as: 'placed'; readonly host: BuiltSlab; readonly frame: AssetFrame; readonly width: number; readonly height: number; readonly sill: number }
  | { readonly as: 'object'; readonly category: string };

/** Slack beyond a wall's thickness within which a door or window without a host relation is put in it. */
const HOST_REACH = 0.5;

const OPENING_DEFAULTS = { door: { width: 0.9, height: 2.1 }, window: { width: 1.2, height: 1.2 } } as const;

/**
 * Hosts a door or window: in the wall the file names, else (no relation, as in IfcOpenHouse) in
 * the nearest wall of its storey within the wall's thickness plus {@link HOST_REACH}. Its extent
 * along the wall and its sill come from its mesh (`points`, world metres, before the `shift` the
 * built `walls` have had); the offset is clamped so it fits, with a warning. One hosted by a slab
 * or a roof (duplex's skylights) is placed on its own in that slab: see {@link placeInSlab}; one
 * hosted by anything else becomes an object.
 */
export function finishOpening(
  ctx: ReadContext,
  draft: OpeningDraft,
  points: ArrayLike<number>,
  shift: Point2,
  hosts: OpeningHosts,
  /** What an element is in words (`wall`, `roof`), or undefined when there is no such line. */
  hostKind: (line: number) => string | undefined,
): OpeningOutcome {
  const { product, kind } = draft;
  const { warnings } = ctx;
  const origin: Point2 = [draft.placement.frame.origin[0] - shift[0], draft.placement.frame.origin[1] - shift[1]];
  const middle = planCentre(points);
  const centre: Point2 = middle === undefined ? origin : [middle[0] - shift[0], middle[1] - shift[1]];
  let host = draft.ifcHost === undefined ? undefined : hosts.byLine.get(draft.ifcHost);
  // A wall made of walls: the opening is in the part nearest to it.
  if (host === undefined && draft.ifcHost !== undefined) host = closestWall(hosts.wallParts(draft.ifcHost), centre);
  const hostWord = draft.ifcHost === undefined ? undefined : hostKind(draft.ifcHost);
  if (host === undefined && draft.ifcHost !== undefined && hostWord !== undefined && hostWord !== 'wall') {
    const slab = hosts.slabOf(draft.ifcHost, middle ?? [draft.placement.frame.origin[0], draft.placement.frame.origin[1]]);
    if (slab !== undefined) return placeInSlab(ctx, draft, points, slab);
    // Nothing in the model can hold it: kept as an object where it is.
    const category = kind === 'window' ? 'skylight' : 'door';
    warnings.add('not_in_wall', `${product.label} sits in a ${hostWord} that was not imported as a wall or slab; it was imported as an object ("${category}").`, product.id);
    return { as: 'object', category };
  }
  if (host === undefined) {
    host = nearestWall(hosts.all, product.storey.id, centre);
    const why = draft.ifcHost === undefined ? 'has no host relation' : 'sits in a wall that could not be imported';
    if (host === undefined) {
      warnings.add('no_host', `${product.label} ${why} and no wall of its storey is near it; it was imported as an object.`, product.id);
      return { as: 'object', category: kind };
    }
    warnings.add('no_host', `${product.label} ${why}; it was put in the nearest wall${host.wall.name === '' ? '' : `, '${host.wall.name}'`}.`, product.id);
  }
  const { wall } = host;
  const length = wallLength(wall);
  const ux = (wall.b[0] - wall.a[0]) / length;
  const uy = (wall.b[1] - wall.a[1]) / length;
  let along: [number, number] | undefined;
  let vertical: [number, number] | undefined;
  for (let i = 0; i + 2 < points.length; i += 3) {
    const t = (points[i]! - shift[0] - wall.a[0]) * ux + (points[i + 1]! - shift[1] - wall.a[1]) * uy;
    const z = points[i + 2]!;
    along = along === undefined ? [t, t] : [Math.min(along[0], t), Math.max(along[1], t)];
    vertical = vertical === undefined ? [z, z] : [Math.min(vertical[0], z), Math.max(vertical[1], z)];
  }
  const size = openingSize(ctx, draft, draft.width ?? extent(along), draft.height ?? extent(vertical));
  let { width } = size;
  const { height } = size;
  const start = along === undefined ? (origin[0] - wall.a[0]) * ux + (origin[1] - wall.a[1]) * uy : (along[0] + along[1]) / 2 - width / 2;
  const bottom = vertical?.[0] ?? draft.placement.frame.origin[2];
  let sill = bottom - host.storeyDatum;
  if (width > length) {
    warnings.add('clamped', `${product.label} (${width.toFixed(2)} m) is wider than its wall (${length.toFixed(2)} m); it was narrowed to fit.`, product.id);
    width = length;
  }
  const offset = clampOpeningOffset(wall, metres(start), metres(width));
  if (Math.abs(offset - start) > 0.01) {
    warnings.add('clamped', `${product.label} ran ${Math.abs(offset - start).toFixed(2)} m past the end of its wall; it was moved to fit.`, product.id);
  }
  if (sill < -0.05) warnings.add('clamped', `${product.label} reaches ${(-sill).toFixed(2)} m below its storey's floor; its sill was raised to the floor.`, product.id);
  sill = Math.max(0, sill);
  return { as: 'opening', host, offset, width, height, sill };
}

/**
 * A door or window in a slab or roof: placed at the centre of its mesh's outline on the plan, at
 * its mesh's bottom, turned as the file turns it; its width and height are its mesh's extent
 * along its own x and y (what the plan outlines; a skylight's OverallHeight is its height, not
 * its length), else the file's OverallWidth/OverallHeight. Its sill is that bottom above the
 * slab's storey (0 when below it).
 */
function placeInSlab(ctx: ReadContext, draft: OpeningDraft, points: ArrayLike<number>, host: BuiltSlab): OpeningOutcome {
  const { rotation, origin } = draft.placement.frame;
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  let along: [number, number] | undefined;
  let across: [number, number] | undefined;
  let vertical: [number, number] | undefined;
  for (let i = 0; i + 2 < points.length; i += 3) {
    const x = points[i]!;
    const y = points[i + 1]!;
    const z = points[i + 2]!;
    const u = cos * x + sin * y;
    const v = -sin * x + cos * y;
    along = along === undefined ? [u, u] : [Math.min(along[0], u), Math.max(along[1], u)];
    across = across === undefined ? [v, v] : [Math.min(across[0], v), Math.max(across[1], v)];
    vertical = vertical === undefined ? [z, z] : [Math.min(vertical[0], z), Math.max(vertical[1], z)];
  }
  // The centre of the outline in the opening's own axes, back in world axes.
  const cu = along === undefined ? cos * origin[0] + sin * origin[1] : (along[0] + along[1]) / 2;
  const cv = across === undefined ? -sin * origin[0] + cos * origin[1] : (across[0] + across[1]) / 2;
  const bottom = vertical?.[0] ?? origin[2];
  const { width, height } = openingSize(ctx, draft, extent(along) ?? draft.width, extent(across) ?? draft.height);
  const frame: AssetFrame = { origin: [cos * cu - sin * cv, sin * cu + cos * cv, bottom], rotation };
  return { as: 'placed', host, frame, width, height, sill: Math.max(0, bottom - host.storeyDatum) };
}

/** The length of a range, when it has one (a flat mesh has none across). */
const extent = (range: [number, number] | undefined) => (range !== undefined && range[1] > range[0] ? range[1] - range[0] : undefined);

/** `width` and `height` where they are sizes, else the kind's defaults (with a warning). */
function openingSize(ctx: ReadContext, draft: OpeningDraft, width: number | undefined, height: number | undefined): { width: number; height: number } {
  const defaults = OPENING_DEFAULTS[draft.kind];
  if (width !== undefined && width > 0 && height !== undefined && height > 0) return { width, height };
  ctx.warnings.add('opening_size', `${draft.product.label} has no size (no OverallWidth/OverallHeight and no mesh); it was made ${defaults.width} × ${defaults.height} m.`, draft.product.id);
  return { width: width !== undefined && width > 0 ? width : defaults.width, height: height !== undefined && height > 0 ? height : defaults.height };
}

function planCentre(points: ArrayLike<number>): Point2 | undefined {
  if (points.length < 3) return undefined;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i + 2 < points.length; i += 3) {
    minX = Math.min(minX, points[i]!);
    maxX = Math.max(maxX, points[i]!);
    minY = Math.min(minY, points[i + 1]!);
    maxY = Math.max(maxY, points[i + 1]!);
  }
  return [(minX + maxX) / 2, (minY + maxY) / 2];
}

/** The wall of `walls` whose centre line passes closest to `p`, wherever it is. */
function closestWall(walls: readonly BuiltWall[], p: Point2): BuiltWall | undefined {
  let best: BuiltWall | undefined;
  let bestDistance = Infinity;
  for (const built of walls) {
    const d = distancePointToSegment(planPoint(p[0], p[1]), built.wall.a, built.wall.b);
    if (d < bestDistance) {
      best = built;
      bestDistance = d;
    }
  }
  return best;
}

function nearestWall(walls: readonly BuiltWall[], storeyId: string, p: Point2): BuiltWall | undefined {
  let best: BuiltWall | undefined;
  let bestDistance = Infinity;
  for (const built of walls) {
    if (built.wall.storeyId !== storeyId) continue;
    const d = distancePointToSegment(planPoint(p[0], p[1]), built.wall.a, built.wall.b);
    if (d <= built.wall.thickness + HOST_REACH && d < bestDistance) {
      best = built;
      bestDistance = d;
    }
  }
  return best;
}

/** System, type and path of a piece of equipment. */
export interface EquipmentFields {
  readonly system: EquipmentSystem;
  readonly type: string;
  /** The second path segment: the system's name when it is in one, else its room. */
  readonly group?: string;
  /** Its status, when the file says (ArxOS's own property set); else `ok`. */
  readonly status?: EquipmentStatus;
  /** Its path, when the file gives a valid one (ArxOS's own property set); else one is generated. */
  readonly path?: string;
}

/** The property set ArxOS's writer gives every piece of equipment (lib/ifc/write.ts): its System, Status and Path. */
export const OWN_EQUIPMENT_PSET = 'ArxOS_Equipment';

/** What {@link OWN_EQUIPMENT_PSET} says of a product: undefined when it has no valid System (then it is not ArxOS's equipment). */
export interface OwnEquipment {
  readonly system: EquipmentSystem;
  readonly status?: EquipmentStatus;
  readonly path?: string;
  /** Values that were there but unusable, and what was done instead, in words (for a warning). */
  readonly rejected: readonly string[];
}

/**
 * Reads {@link OWN_EQUIPMENT_PSET} out of a product's props. A Status that is not one of the
 * model's, or a Path that is not valid or does not start with the System, is rejected (the
 * reader falls back to `ok` and a generated path, with a warning).
 */
export function ownEquipment(props: Readonly<Record<string, PropValue>>): OwnEquipment | undefined {
  const system = props[`${OWN_EQUIPMENT_PSET}.System`];
  if (!isEquipmentSystem(system)) return undefined;
  const rawStatus = props[`${OWN_EQUIPMENT_PSET}.Status`];
  const rawPath = props[`${OWN_EQUIPMENT_PSET}.Path`];
  const rejected: string[] = [];
  const status = (EQUIPMENT_STATUSES as readonly unknown[]).includes(rawStatus) ? (rawStatus as EquipmentStatus) : undefined;
  if (rawStatus !== undefined && status === undefined) rejected.push(`its status ${JSON.stringify(rawStatus)} is not one of ${EQUIPMENT_STATUSES.join(', ')}, so it was made "ok"`);
  const parsed = typeof rawPath === 'string' ? parsePath(rawPath) : undefined;
  const path = parsed?.ok && parsed.value.system === system ? parsed.value.path : undefined;
  if (rawPath !== undefined && path === undefined) rejected.push(`its path ${JSON.stringify(rawPath)} is not a valid path of the ${system} system, so it was given a new one`);
  return { system, status, path, rejected };
}

/** Props without {@link OWN_EQUIPMENT_PSET}'s values: they are the element's own fields once read. */
export function withoutOwnEquipment(props: Readonly<Record<string, PropValue>>): Record<string, PropValue> {
  const prefix = `${OWN_EQUIPMENT_PSET}.`;
  return Object.fromEntries(Object.entries(props).filter(([key]) => !key.startsWith(prefix)));
}

/**
 * The system of a distribution element: the IfcSystem / IfcDistributionSystem it is assigned to
 * (by PredefinedType, then name), else its entity (IfcAirTerminal → hvac), else `other`. Its type
 * is its PredefinedType in words (`diffuser`), else its ObjectType, else its entity in words.
 */
export function equipmentFields(ctx: ReadContext, product: Product, own?: OwnEquipment): EquipmentFields {
  const { model, relations } = ctx;
  if (own !== undefined) {
    // Written by ArxOS: System, Status and Path from its property set, the type from ObjectType.
    const objectType = textOf(product.line.ObjectType);
    const type = (objectType ?? entityWords(product.ifc.type)).slice(0, 100);
    return { system: own.system, type, status: own.status, path: own.path };
  }
  let system: EquipmentSystem | undefined;
  let group: string | undefined;
  for (const id of relations.groups.get(product.id) ?? []) {
    const g = model.line(id);
    if (g === undefined || !isSystem(g.type)) continue;
    const name = textOf(g.Name) ?? textOf(g.LongName);
    const found = systemOfGroup(enumOf(g.PredefinedType), name);
    if (found !== undefined || group === undefined) {
      group = name;
      system = found ?? system;
    }
    if (found !== undefined) break;
  }
  const typeLine = model.line(relations.typeOf.get(product.id));
  const typeEntity = typeLine === undefined ? undefined : model.typeName(typeLine);
  const predefined = enumOf(product.line.PredefinedType);
  system ??= systemOfEntity(product.ifc.type, typeEntity, predefined ?? enumOf(typeLine?.PredefinedType)) ?? 'other';
  const objectType = textOf(product.line.ObjectType);
  const type = (specificKind(predefined) ?? specificKind(enumOf(typeLine?.PredefinedType)) ?? objectType ?? entityWords(product.ifc.type)).slice(0, 100);
  return { system, type, group };
}

function isSystem(type: number): boolean {
  return type === W.IFCSYSTEM || type === W.IFCDISTRIBUTIONSYSTEM || type === W.IFCDISTRIBUTIONCIRCUIT || type === W.IFCBUILDINGSYSTEM || type === W.IFCELECTRICALCIRCUIT;
}

/**
 * Unique equipment paths `/<system>/<group or room>/<type>-<n>` (`/hvac/ahu-1/diffuser-3`): the
 * room segment as lib/model's defaultEquipmentPath makes it, numbered per type and place in O(1).
 */
export class EquipmentPaths {
  readonly #next = new Map<string, number>();
  /** Paths the file gives (ArxOS's own property set): generated ones keep clear of them. */
  readonly #given: ReadonlySet<string>;

  constructor(given: Iterable<string> = []) {
    this.#given = new Set(given);
  }

  pathOf(fields: EquipmentFields, position: readonly [number, number], spaces: readonly Space[]): string {
    if (fields.path !== undefined) return fields.path;
    const space = fields.group === undefined ? spaceAt(position, spaces) : undefined;
    const place = (fields.group !== undefined ? slugSegment(fields.group) : space ? roomSegment(space) : 'unassigned') || 'unassigned';
    const base = slugSegment(fields.type).slice(0, 58).replace(/[-.]+$/g, '') || 'equipment';
    const key = `${fields.system}/${place}/${base}`;
    let n = (this.#next.get(key) ?? 0) + 1;
    while (this.#given.has(`/${key}-${n}`)) n++;
    this.#next.set(key, n);
    return `/${key}-${n}`;
  }
}
