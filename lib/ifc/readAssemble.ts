/**
 * The last step of a read: drafts and meshes become lib/model records. Fills what the semantics
 * lacked from the meshes, moves a far-off model near the origin, hosts doors and windows in their
 * walls, hashes the assets, sizes the storeys, and validates every record with lib/model
 * (`createElement`, `validateStorey`): a record the model would reject is left out with a
 * warning, never returned.
 */
import {
  createElement,
  isPointInPolygon,
  metres,
  normaliseAngle,
  planPoint,
  radians,
  validateStorey,
  worldPoint,
  type Element,
  type ElementKind,
  type PlanPoint,
  type PropValue,
  type ModelError,
  type Result,
  type Space,
  type Storey,
} from '../model';
import { sha256Hex } from './meshAsset';
import type { Point2 } from './readCurves';
import { finishArea, finishWall, type AreaDraft, type WallDraft } from './readElements';
import type { AssetFrame, MeshCollector } from './readMesh';
import { convexHull } from './readPolygon';
import { EquipmentPaths, finishOpening, type BuiltSlab, type OpeningOutcome, type BuiltWall, type EquipmentFields, type OpeningDraft, type Placement } from './readPlaced';
import { roundMm, type Product, type ProductIndex, type ReadContext, type StoreyDraft } from './readProducts';
import { entityWords } from './readCategories';

type Props = Readonly<Record<string, PropValue>>;

/** An object or piece of equipment before its asset is hashed. */
export interface PlacedDraft {
  readonly product: Product;
  readonly props: Props;
  readonly placement: Placement;
  readonly category?: string;
  readonly equipment?: EquipmentFields;
}

/** Everything the first pass drafted, by kind. */
export interface Drafts {
  readonly walls: (WallDraft & { readonly props: Props })[];
  readonly spaces: (AreaDraft & { readonly props: Props; readonly labels: { number: string; name: string; usage: string } })[];
  readonly slabs: (AreaDraft & { readonly props: Props })[];
  readonly openings: (OpeningDraft & { readonly props: Props })[];
  readonly placed: PlacedDraft[];
}

/** A model whose buildings' centre is farther than this from the origin (metres) is moved. */
const FAR_FROM_ORIGIN = 1000;
/** The move is rounded to this (metres), so it is easy to add back. */
const SHIFT_STEP = 100;

export interface Assembled {
  readonly storeys: Storey[];
  readonly elements: Element[];
  readonly assets: Map<string, Uint8Array>;
  readonly counts: Partial<Record<ElementKind | 'storeys', number>>;
}

export async function assemble(
  ctx: ReadContext,
  storeyDrafts: readonly StoreyDraft[],
  drafts: Drafts,
  collector: MeshCollector,
  index: ProductIndex,
  tick: () => Promise<void>,
): Promise<Assembled> {
  const { warnings } = ctx;
  const guard = <T>(product: Product, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      warnings.add('unreadable', `${product.label} could not be read (${error instanceof Error ? error.message : String(error)}); it was left out.`, product.id);
      return undefined;
    }
  };

  const walls = drafts.walls.flatMap((d) => {
    const shape = guard(d.product, () => finishWall(ctx, d, collector.points(d.product.id)));
    return shape === undefined ? [] : [{ draft: d, shape }];
  });
  const areas = <D extends AreaDraft & { props: Props }>(list: readonly D[], kind: 'space' | 'slab') =>
    list.flatMap((d) => {
      const area = guard(d.product, () => finishArea(ctx, d, collector.mesh(d.product.id), kind));
      return area === undefined ? [] : [{ draft: d, area }];
    });
  const spaces = areas(drafts.spaces, 'space');
  const slabs = areas(drafts.slabs, 'slab');

  const shift = farOffset([
    ...walls.flatMap((w) => [w.shape.a, w.shape.b]),
    ...spaces.flatMap((s) => s.area.polygon),
    ...slabs.flatMap((s) => s.area.polygon),
    ...drafts.placed.map((p) => [p.placement.position[0], p.placement.position[1]] as const),
  ]);
  if (shift[0] !== 0 || shift[1] !== 0) {
    warnings.add('shifted', `The model lies ${(Math.hypot(...shift) / 1000).toFixed(1)} km from its origin (georeferenced); every plan coordinate was moved by (${-shift[0]}, ${-shift[1]}) m to keep it precise. Add (${shift[0]}, ${shift[1]}) m to get the file's coordinates back.`);
  }
  const plan = (p: Point2): PlanPoint => planPoint(round6(p[0] - shift[0]), round6(p[1] - shift[1]));
  const base = (product: Product, props: Props) => ({ storeyId: product.storey.id, name: product.name, props, ifc: product.ifc });
  const elements: Element[] = [];
  const keep = (product: Product, result: Result<Element, ModelError>): Element | undefined => {
    if (result.ok) {
      elements.push(result.value);
      return result.value;
    }
    warnings.add('invalid', `${product.label} could not be taken over (${result.error.message}); it was left out.`, product.id);
    return undefined;
  };

  const built: BuiltWall[] = [];
  for (const { draft, shape } of walls) {
    const wall = keep(draft.product, createElement('wall', { ...base(draft.product, draft.props), a: plan(shape.a), b: plan(shape.b), thickness: metres(round6(shape.thickness)), height: metres(round6(shape.height)) }));
    if (wall?.kind === 'wall') built.push({ wall, line: draft.product.id, storeyDatum: draft.product.storey.datum });
  }
  const spacesByStorey = new Map<string, Space[]>();
  for (const { draft, area } of spaces) {
    const fields = { ...base(draft.product, draft.props), ...draft.labels };
    const space = keep(draft.product, withPolygon(ctx, draft.product, area.polygon, plan, (polygon) => createElement('space', { ...fields, polygon })));
    if (space?.kind === 'space') spacesByStorey.set(space.storeyId, [...(spacesByStorey.get(space.storeyId) ?? []), space]);
  }
  const slabsByLine = new Map<number, BuiltSlab>();
  for (const { draft, area } of slabs) {
    const thickness = metres(round6(area.thickness > 0 ? area.thickness : 0.25));
    const slab = keep(draft.product, withPolygon(ctx, draft.product, area.polygon, plan, (polygon) => createElement('slab', { ...base(draft.product, draft.props), polygon, thickness })));
    if (slab?.kind === 'slab') slabsByLine.set(draft.product.id, { slab, line: draft.product.id, storeyDatum: draft.product.storey.datum });
  }
  // A roof is an assembly of slabs (duplex): a window in it is in the part under its centre, else the first.
  const slabOf = (line: number, centre: Point2): BuiltSlab | undefined => {
    const own = slabsByLine.get(line);
    if (own !== undefined) return own;
    const parts = (ctx.relations.children.get(line) ?? []).flatMap((part) => slabsByLine.get(part) ?? []);
    const at = plan(centre);
    return parts.find((p) => isPointInPolygon(at, p.slab.polygon)) ?? parts[0];
  };

  const byLine = new Map(built.map((w) => [w.line, w]));
  const wallParts = (line: number) => (index.isAssembly(line) ? (ctx.relations.children.get(line) ?? []).flatMap((part) => byLine.get(part) ?? []) : []);
  const hostKind = (line: number) => {
    if (byLine.has(line) || index.kindOf(line) === 'wall') return 'wall';
    const l = ctx.model.line(line);
    return l === undefined ? undefined : entityWords(ctx.model.typeName(l));
  };
  const placed: PlacedDraft[] = [...drafts.placed];
  const inSlabs: { draft: Drafts['openings'][number]; outcome: Extract<OpeningOutcome, { as: 'placed' }> }[] = [];
  for (const draft of drafts.openings) {
    const { product } = draft;
    const outcome = guard(product, () => finishOpening(ctx, draft, collector.points(product.id), shift, { byLine, all: built, slabOf, wallParts }, hostKind));
    if (outcome === undefined) continue;
    if (outcome.as === 'object') {
      placed.push({ product, props: draft.props, placement: draft.placement, category: outcome.category });
      continue;
    }
    if (outcome.as === 'placed') {
      inSlabs.push({ draft, outcome });
      continue;
    }
    const { host } = outcome;
    keep(product, createElement(draft.kind, {
      ...base(product, draft.props),
      storeyId: host.wall.storeyId,
      hostId: host.wall.id,
      offset: metres(Math.max(0, round6(outcome.offset))),
      width: metres(round6(outcome.width)),
      height: metres(round6(outcome.height)),
      sill: metres(round6(outcome.sill)),
    }));
  }

  const assets = new Map<string, Uint8Array>();
  const hashed = async (product: Product, frame?: AssetFrame): Promise<string | undefined> => {
    const bytes = guard(product, () => collector.asset(product.id, frame));
    collector.release(product.id);
    if (bytes === undefined) {
      warnings.add('no_geometry', `${product.label} has no geometry that could be computed; it was imported without a shape.`, product.id);
      return undefined;
    }
    const asset = await sha256Hex(bytes);
    if (!assets.has(asset)) assets.set(asset, bytes);
    return asset;
  };
  for (const { draft, outcome } of inSlabs) {
    await tick();
    const { product } = draft;
    const { frame, host } = outcome;
    const asset = await hashed(product, frame);
    const [x, y] = plan([frame.origin[0], frame.origin[1]]);
    keep(product, createElement(draft.kind, {
      ...base(product, draft.props),
      storeyId: host.slab.storeyId,
      hostId: host.slab.id,
      width: metres(round6(outcome.width)),
      height: metres(round6(outcome.height)),
      sill: metres(round6(outcome.sill)),
      position: worldPoint(x, y, round6(frame.origin[2] - host.storeyDatum)),
      rotation: normaliseAngle(radians(frame.rotation)),
      ...(asset === undefined ? {} : { asset }),
    }));
  }
  const paths = new EquipmentPaths(placed.flatMap((d) => (d.equipment?.path === undefined ? [] : [d.equipment.path])));
  for (const draft of placed) {
    await tick();
    const { product, placement } = draft;
    const asset = await hashed(product);
    const [x, y] = plan([placement.position[0], placement.position[1]]);
    const common = {
      ...base(product, draft.props),
      position: worldPoint(x, y, round6(placement.position[2])),
      // Not rounded like lengths: a quarter turn must stay π/2 exactly.
      rotation: normaliseAngle(radians(placement.rotation)),
      ...(asset === undefined ? {} : { asset }),
    };
    if (draft.equipment !== undefined) {
      const path = paths.pathOf(draft.equipment, [x, y], spacesByStorey.get(product.storey.id) ?? []);
      keep(product, createElement('equipment', { ...common, system: draft.equipment.system, type: draft.equipment.type, status: draft.equipment.status ?? 'ok', path }));
    } else {
      keep(product, createElement('object', { ...common, category: draft.category ?? product.ifc.type }));
    }
  }

  const storeys = finishStoreys(storeyDrafts, elements);
  const order: ElementKind[] = ['wall', 'space', 'slab', 'door', 'window', 'object', 'equipment'];
  elements.sort((p, q) => order.indexOf(p.kind) - order.indexOf(q.kind));
  const counts: Partial<Record<ElementKind | 'storeys', number>> = { storeys: storeys.length };
  for (const e of elements) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  return { storeys, elements, assets, counts };
}

/**
 * Builds a record with a polygon; when the model rejects the polygon (it crosses itself), tries
 * its convex hull once, with a warning.
 */
function withPolygon<R extends Result<Element, ModelError>>(ctx: ReadContext, product: Product, polygon: readonly Point2[], plan: (p: Point2) => PlanPoint, make: (polygon: PlanPoint[]) => R): R {
  const first = make(dedupe(polygon.map(plan)));
  if (first.ok) return first;
  const flat = polygon.flatMap((p) => [p[0], p[1], 0]);
  const hull = convexHull(flat);
  if (hull.length < 3) return first;
  const second = make(dedupe(hull.map(plan)));
  if (second.ok) ctx.warnings.add('polygon', `${product.label}: its outline crosses itself; its convex hull was used.`, product.id);
  return second.ok ? second : first;
}

/** Drops points that rounding made equal to their neighbour. */
function dedupe(points: PlanPoint[]): PlanPoint[] {
  const out = points.filter((p, i) => {
    const q = points[(i + points.length - 1) % points.length]!;
    return points.length < 2 || p[0] !== q[0] || p[1] !== q[1];
  });
  return out;
}

/** Heights from the next storey up; the top one (or one sharing its floor) is as tall as its tallest wall, else 3 m. */
function finishStoreys(drafts: readonly StoreyDraft[], elements: readonly Element[]): Storey[] {
  const tallest = new Map<string, number>();
  for (const e of elements) if (e.kind === 'wall') tallest.set(e.storeyId, Math.max(tallest.get(e.storeyId) ?? 0, e.height));
  return drafts.map((d, order) => {
    const next = drafts[order + 1];
    const gap = next === undefined ? 0 : roundMm(next.elevation - d.elevation);
    const height = gap > 0 ? gap : roundMm(tallest.get(d.id) ?? 3) || 3;
    const result = validateStorey({ id: d.id, name: (d.name ?? `Level ${order + 1}`).slice(0, 200), elevation: d.elevation, height, order });
    if (!result.ok) throw new Error(`storey ${d.name ?? order}: ${result.error.message}`);
    return result.value;
  });
}

/** The offset that brings a georeferenced model near the origin, or (0, 0). */
function farOffset(points: readonly Point2[]): Point2 {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of points) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  if (!(minX <= maxX)) return [0, 0];
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  if (Math.hypot(cx, cy) <= FAR_FROM_ORIGIN) return [0, 0];
  return [Math.round(cx / SHIFT_STEP) * SHIFT_STEP + 0, Math.round(cy / SHIFT_STEP) * SHIFT_STEP + 0];
}

/** Rounds to the micrometre: drops float noise (3.100000000000378) without moving anything visibly. */
function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6 + 0;
}
