/**
 * The first pass of a read: the model's storeys, and every IfcProduct worth importing with what
 * kind of element it becomes, the storey it stands on, its world placement and which meshes make
 * up its shape. Nothing here computes an element's fields; that is readElements/readPlaced.
 */
import { newId, type IfcRef } from '../model';
import { isIfcGuid, uuidToIfcGuid } from './guid';
import { IDENTITY, transformPoint, type Mat4 } from './readMatrix';
import type { Relations } from './readRelations';
import { MAX_DEPTH, StepModel, numberOf, refOf, textOf, type StepLine, type UnitScale } from './readStep';
import type { WarningLog } from './readWarnings';
import { captureWebIfcLogs } from './webIfc';
import * as W from 'web-ifc';

/** What an IfcProduct becomes. */
export type ProductKind = 'wall' | 'space' | 'slab' | 'door' | 'window' | 'equipment' | 'object';

/** Everything a read shares. */
export interface ReadContext {
  readonly model: StepModel;
  readonly units: UnitScale;
  readonly relations: Relations;
  readonly warnings: WarningLog;
}

/** A storey before its height is known. */
export interface StoreyDraft {
  /** The IfcBuildingStorey, or undefined for the one storey made up for a file without any. */
  readonly line?: number;
  readonly id: string;
  readonly name?: string;
  /** Elevation above the building datum, metres, to the millimetre. */
  readonly elevation: number;
  /** World Z of its floor (metres): element heights are measured from here. */
  readonly datum: number;
}

/** A product to import. */
export interface Product {
  readonly id: number;
  readonly line: StepLine;
  readonly kind: ProductKind;
  readonly ifc: IfcRef;
  readonly name: string;
  /** How warnings name it: `wall #4287 'Basic Wall'`. */
  readonly label: string;
  readonly storey: StoreyDraft;
  /** Object frame → world, in the file's length unit. */
  readonly world: Mat4;
  /** The products whose meshes make up its shape: itself if it has a representation, and absorbed parts. */
  readonly meshSources: readonly number[];
}

/** Kinds whose IfcRelAggregates parts are drawn as part of them rather than imported on their own. */
const ABSORBING: ReadonlySet<ProductKind> = new Set(['wall', 'slab', 'door', 'window']);

/** Reads the storeys, sorted bottom to top; a file without any gets one, with a warning. */
export function readStoreys(ctx: ReadContext): StoreyDraft[] {
  const { model, units } = ctx;
  const storeys: StoreyDraft[] = [];
  for (const id of model.ids(W.IFCBUILDINGSTOREY, true)) {
    const line = model.line(id);
    if (line === undefined) continue;
    const placed = worldOf(ctx, line);
    const datum = placed === undefined ? undefined : placed[14]! * units.length;
    const elevation = numberOf(line.Elevation);
    const metres = elevation !== undefined ? elevation * units.length : (datum ?? 0);
    storeys.push({ line: id, id: newId(), name: textOf(line.Name) ?? textOf(line.LongName), elevation: roundMm(metres), datum: datum ?? metres });
  }
  storeys.sort((p, q) => p.elevation - q.elevation || (p.line ?? 0) - (q.line ?? 0));
  if (storeys.length === 0) {
    const building = model.line(model.ids(W.IFCBUILDING, true)[0]);
    const placed = building === undefined ? undefined : worldOf(ctx, building);
    storeys.push({ id: newId(), name: 'Level 1', elevation: 0, datum: (placed?.[14] ?? 0) * units.length });
    ctx.warnings.add('no_storey', 'The file has no storeys: everything was put on one storey, "Level 1".');
  }
  return storeys;
}

/** Rounds float noise (3.100000000000378) to the millimetre. */
export function roundMm(n: number): number {
  return Math.round(n * 1000) / 1000 + 0;
}

/**
 * The world placement of a product (object frame → world, file units), or undefined when it has
 * none. web-ifc resolves the chain and logs (instead of throwing) on a cyclic or broken one;
 * those logs become this product's warnings.
 */
export function worldOf(ctx: ReadContext, line: StepLine, label?: string): Mat4 | undefined {
  const placement = refOf(line.ObjectPlacement);
  if (placement === undefined) return undefined;
  const { value, logs } = captureWebIfcLogs(() => {
    try {
      return ctx.model.api.GetWorldTransformMatrix(ctx.model.modelID, placement);
    } catch {
      return undefined;
    }
  });
  for (const log of logs) ctx.warnings.add('placement', `${label ?? `#${line.expressID}`}: its placement could not be resolved (web-ifc: ${log}); it may be out of place.`, line.expressID);
  return value !== undefined && value.length === 16 && value.every(Number.isFinite) ? value : undefined;
}

/** Classifies products by type once, through web-ifc's inheritance-aware type index. */
export class ProductIndex {
  readonly #kinds = new Map<number, ProductKind>();
  readonly #skip: Set<number>;
  readonly furnishing: Set<number>;

  constructor(private readonly ctx: ReadContext) {
    const { model } = ctx;
    const tag = (type: number, kind: ProductKind) => {
      for (const id of model.ids(type, true)) if (!this.#kinds.has(id)) this.#kinds.set(id, kind);
    };
    tag(W.IFCSPACE, 'space');
    tag(W.IFCWALL, 'wall');
    tag(W.IFCSLAB, 'slab');
    tag(W.IFCDOOR, 'door');
    tag(W.IFCWINDOW, 'window');
    tag(W.IFCDISTRIBUTIONELEMENT, 'equipment');
    tag(W.IFCELECTRICALELEMENT, 'equipment');
    // Not imported: openings and other features (already cut into their host), virtual boundaries,
    // annotations, the spatial structure itself (spaces are tagged above), grids, ports,
    // structural analysis items and IFC4X3 alignments and referents.
    this.#skip = new Set<number>();
    for (const type of [W.IFCFEATUREELEMENT, W.IFCVIRTUALELEMENT, W.IFCANNOTATION, W.IFCSPATIALELEMENT, W.IFCSPATIALSTRUCTUREELEMENT, W.IFCGRID, W.IFCPORT, W.IFCSTRUCTURALITEM, W.IFCSTRUCTURALACTIVITY, W.IFCPROXY, W.IFCPOSITIONINGELEMENT, W.IFCLINEARELEMENT]) {
      for (const id of model.ids(type, true)) if (this.#kinds.get(id) !== 'space') this.#skip.add(id);
    }
    this.furnishing = model.idSet(W.IFCFURNISHINGELEMENT);
  }

  /**
   * Whether `id` is an assembly whose parts are elements of their own, itself none: a product
   * without a shape of its own that aggregates imported parts. An object or equipment (a stair, a
   * roof, a curtain wall) with any such part; a wall or slab only when a part of the same kind has
   * a shape (Revit's stacked walls, and tools that write one IfcWall per face of a building,
   * aggregated into one, each with its windows: all of them walls). Otherwise a wall's or slab's
   * parts are drawn as part of it ({@link absorbedBy}).
   */
  isAssembly(id: number): boolean {
    const kind = this.kindOf(id);
    if (kind === undefined || kind === 'space' || kind === 'door' || kind === 'window') return false;
    const { model, relations } = this.ctx;
    if (refOf(model.line(id)?.Representation) !== undefined) return false;
    const parts = relations.children.get(id) ?? [];
    if (kind === 'object' || kind === 'equipment') return parts.some((part) => this.kindOf(part) !== undefined);
    return parts.some((part) => this.kindOf(part) === kind && refOf(model.line(part)?.Representation) !== undefined);
  }

  /** The kind a product becomes, or undefined when it is not imported. */
  kindOf(id: number): ProductKind | undefined {
    if (this.#skip.has(id)) return undefined;
    return this.#kinds.get(id) ?? 'object';
  }

  /**
   * The wall, slab, door or window `id` is a part of (a window's frame members and glazing
   * panels in IfcOpenHouse), whose shape it is; undefined when it stands on its own.
   */
  absorbedBy(id: number): number | undefined {
    let at = id;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const whole = this.ctx.relations.parent.get(at);
      if (whole === undefined) return undefined;
      const kind = this.#skip.has(whole) ? undefined : this.#kinds.get(whole);
      if (kind !== undefined && ABSORBING.has(kind)) return this.isAssembly(whole) ? undefined : whole;
      if (this.#skip.has(whole) || !this.ctx.model.line(whole)) return undefined;
      at = whole;
    }
    return undefined;
  }
}

/** Finds the storey a product belongs to: its container, its whole's, its host's (door → opening → wall). */
export function storeyOf(ctx: ReadContext, id: number, storeys: ReadonlyMap<number, StoreyDraft>): StoreyDraft | undefined {
  const { container, parent, fills, voids } = ctx.relations;
  let at: number | undefined = id;
  const seen = new Set<number>();
  for (let depth = 0; at !== undefined && depth < MAX_DEPTH && !seen.has(at); depth++) {
    seen.add(at);
    const storey = storeys.get(at);
    if (storey !== undefined) return storey;
    at = container.get(at) ?? parent.get(at) ?? fills.get(at) ?? voids.get(at);
  }
  return undefined;
}

/** The storey a product at world height `z` (metres) stands on: the highest floor at or below it, else the lowest. */
export function storeyAtHeight(storeys: readonly StoreyDraft[], z: number): StoreyDraft {
  let best = storeys[0]!;
  for (const s of storeys) if (s.datum <= z + 0.01) best = s;
  return best;
}

/** Identity and placement of one product; throws on nothing, warns on what it had to make up. */
export function describeProduct(
  ctx: ReadContext,
  line: StepLine,
  kind: ProductKind,
  storeys: { readonly byLine: ReadonlyMap<number, StoreyDraft>; readonly sorted: readonly StoreyDraft[] },
  seenGlobalIds: Set<string>,
  meshSources: readonly number[],
): Product {
  const { model, units, warnings } = ctx;
  const entity = model.typeName(line);
  const name = (textOf(line.Name) ?? '').slice(0, 200);
  const label = `${kind} #${line.expressID}${name === '' ? '' : ` '${name}'`}`;
  let globalId = textOf(line.GlobalId) ?? '';
  if (!isIfcGuid(globalId) || seenGlobalIds.has(globalId)) {
    const why = globalId === '' ? 'has no GlobalId' : seenGlobalIds.has(globalId) ? `shares its GlobalId ${globalId} with another element` : `has an invalid GlobalId "${globalId.slice(0, 40)}"`;
    globalId = uuidToIfcGuid(newId());
    warnings.add('global_id', `${label} ${why}; it was given a new one, ${globalId}.`, line.expressID);
  }
  seenGlobalIds.add(globalId);
  const placed = worldOf(ctx, line, label);
  if (placed === undefined && refOf(line.ObjectPlacement) === undefined) {
    warnings.add('placement', `${label} has no placement; it was put at the origin.`, line.expressID);
  }
  const world = placed ?? IDENTITY;
  let storey = storeyOf(ctx, line.expressID, storeys.byLine);
  if (storey === undefined) {
    const z = transformPoint(world, 0, 0, 0)[2] * units.length;
    storey = storeyAtHeight(storeys.sorted, z);
    if (storeys.byLine.size > 0) warnings.add('no_storey', `${label} is in no storey; it was put on the storey it stands on, "${storey.name ?? `Level ${storeys.sorted.indexOf(storey) + 1}`}".`, line.expressID);
  }
  return { id: line.expressID, line, kind, ifc: { globalId, type: entity }, name, label, storey, world, meshSources };
}
