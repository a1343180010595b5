/**
 * Review viewpoints <-> the editor's views. A viewpoint is in the building's frame (plan x, plan
 * y, z up, metres; lib/model review.ts); the 3D view works in three's frame (y up, plan y = -z).
 * Capturing turns what someone sees (the 3D view, or the plan as a top-down orthographic camera)
 * into a viewpoint; restoring turns a viewpoint into the storey, selection and view requests that
 * show it again. Pure: no React, no three (the plan's bundle stays without three).
 */
import type { Viewpoint } from '@/lib/model';
import type { PlanViewRequest, SceneVector, SceneViewRequest, SceneViewState } from '@/components/editor/Editor';
import type { Camera, ViewSize } from '@/components/plan/camera';

type Vec3 = [number, number, number];
type StoreyFilter = SceneViewState['storeys'];

/** A viewpoint without its id and snapshot (what a capture gives). */
export type ViewpointBody = Omit<Viewpoint, 'id' | 'snapshot'>;

/** What capturing and restoring need to know of a storey. */
export interface StoreyInfo {
  readonly id: string;
  readonly order: number;
  readonly elevation: number;
  readonly height: number;
}

/** How high above the storey's ceiling the plan's top-down camera sits (m). */
const PLAN_EYE_ABOVE = 1;
/** Height of the plan's cut above the storey's floor (m): what a floor plan shows. */
export const PLAN_CUT_HEIGHT = 1.2;
/** How far a restored camera looks when nothing tells where it looked (m). */
const DEFAULT_LOOK_DISTANCE = 10;
/** Field of view of the 3D view when it shows an orthographic viewpoint (degrees). */
const DEFAULT_FOV = 50;

/** A point or vector of the building's frame in the 3D view's frame. */
export function toScene([x, y, z]: readonly number[]): Vec3 {
  return [x!, z!, -y! + 0];
}

/** A point or vector of the 3D view's frame in the building's frame. */
export function toBuilding([x, y, z]: SceneVector | readonly number[]): Vec3 {
  return [x!, -z! + 0, y!];
}

const sub = (a: readonly number[], b: readonly number[]): Vec3 => [a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!];
const add = (a: readonly number[], b: readonly number[], k = 1): Vec3 => [a[0]! + b[0]! * k, a[1]! + b[1]! * k, a[2]! + b[2]! * k];
const dot = (a: readonly number[], b: readonly number[]) => a[0]! * b[0]! + a[1]! * b[1]! + a[2]! * b[2]!;
const neg = (a: readonly number[]): Vec3 => [-a[0]! + 0, -a[1]! + 0, -a[2]! + 0];
function unit(a: readonly number[]): Vec3 {
  const n = Math.hypot(a[0]!, a[1]!, a[2]!);
  return n > 1e-12 ? [a[0]! / n, a[1]! / n, a[2]! / n] : [0, 0, -1];
}
/** Rounded to 0.1 mm (positions) or 1e-6 (unit vectors): no float noise in the shared document. */
const round = (v: readonly number[], places: number): Vec3 => v.map((n) => Math.round(n * 10 ** places) / 10 ** places + 0) as Vec3;

/** The storeys a 3D view's filter shows (undefined: all of them), ids in storey order. */
export function storeysShown(filter: StoreyFilter, storeyId: string, storeys: readonly StoreyInfo[]): string[] | undefined {
  if (filter === 'all') return undefined;
  if (filter === 'one') return [storeyId];
  const chosen = storeys.find((s) => s.id === storeyId);
  return chosen ? [...storeys].sort((a, b) => a.order - b.order).filter((s) => s.order <= chosen.order).map((s) => s.id) : [storeyId];
}

/**
 * The filter and storey that show a viewpoint's storeys: one storey → that one; a storey and all
 * below it → "+ below"; anything else (or none given) → all, on `fallback`'s storey.
 */
export function filterOfStoreys(ids: readonly string[] | undefined, storeys: readonly StoreyInfo[], fallback: string | undefined): { filter: StoreyFilter; storeyId: string | undefined } {
  const known = ids?.filter((id) => storeys.some((s) => s.id === id)) ?? [];
  if (known.length === 1) return { filter: 'one', storeyId: known[0] };
  if (known.length > 1) {
    const top = [...storeys].filter((s) => known.includes(s.id)).sort((a, b) => b.order - a.order)[0]!;
    const below = storeysShown('below', top.id, storeys) ?? [];
    if (below.length === known.length) return { filter: 'below', storeyId: top.id };
  }
  return { filter: 'all', storeyId: fallback };
}

/** A viewpoint of the 3D view as shown. */
export function viewpointOfScene(view: SceneViewState, at: { storeyId: string; storeys: readonly StoreyInfo[]; selected: readonly string[] }): ViewpointBody {
  const direction = unit(toBuilding(sub(view.target, view.position)));
  return {
    camera: {
      kind: 'perspective',
      position: round(toBuilding(view.position), 4),
      direction: round(direction, 6),
      up: round(unit(toBuilding(view.up)), 6),
      fov: Math.round(view.fov * 100) / 100,
      aspect: clampAspect(view.aspect),
    },
    // The scene keeps what is on its plane normal's side: BCF's direction points at what is cut away.
    planes: view.section ? [{ location: round(toBuilding(view.section.point), 4), direction: round(unit(neg(toBuilding(view.section.normal))), 6) }] : [],
    storeys: storeysShown(view.storeys, at.storeyId, at.storeys),
    selected: [...at.selected],
    hidden: [],
  };
}

/**
 * A viewpoint of the plan as shown: a top-down orthographic camera over the visible area (north
 * up), the storey, the plan's cut as a section plane, and the selection.
 */
export function viewpointOfPlan(camera: Camera, size: ViewSize, storey: StoreyInfo, selected: readonly string[]): ViewpointBody {
  const height = size.height / camera.zoom;
  return {
    camera: {
      kind: 'orthogonal',
      position: round([camera.x, camera.y, storey.elevation + storey.height + PLAN_EYE_ABOVE], 4),
      direction: [0, 0, -1],
      up: [0, 1, 0],
      scale: Math.round(height * 1e4) / 1e4,
      aspect: clampAspect(size.width / Math.max(1, size.height)),
    },
    planes: [{ location: round([camera.x, camera.y, storey.elevation + PLAN_CUT_HEIGHT], 4), direction: [0, 0, 1] }],
    storeys: [storey.id],
    selected: [...selected],
    hidden: [],
  };
}

const clampAspect = (aspect: number) => Math.min(100, Math.max(0.01, Math.round(aspect * 1e4) / 1e4));

/** What showing a viewpoint takes: a storey and selection, the plan's and the 3D view's views, and whether the 3D view must be shown. */
export interface ViewpointRestore {
  readonly storeyId: string | undefined;
  readonly selected: readonly string[];
  readonly plan: PlanViewRequest | null;
  readonly scene: SceneViewRequest;
  /** The camera is a perspective one: only the 3D view shows it. */
  readonly needs3d: boolean;
}

/**
 * How to show `viewpoint`: its storeys (the anchor's storey when it names none), selection,
 * camera (a top-down orthographic camera on the plan; any camera in the 3D view, looking at the
 * anchor when there is one) and section plane.
 */
export function restoreOf(viewpoint: Viewpoint, context: { storeys: readonly StoreyInfo[]; anchor?: { storeyId: string; point: readonly [number, number, number] } }): ViewpointRestore {
  const { camera } = viewpoint;
  const { filter, storeyId } = filterOfStoreys(viewpoint.storeys, context.storeys, context.anchor?.storeyId);
  const direction = unit(camera.direction);
  const anchor = context.anchor?.point;
  const along = anchor ? dot(sub(anchor, camera.position), direction) : 0;
  const plane = viewpoint.planes[0];
  const section = plane ? { point: toScene(plane.location), normal: toScene(neg(unit(plane.direction))) } : null;
  if (camera.kind === 'perspective') {
    const target = add(camera.position, direction, along > 0.5 ? along : DEFAULT_LOOK_DISTANCE);
    return {
      storeyId,
      selected: viewpoint.selected,
      plan: anchor ? { x: anchor[0], y: anchor[1] } : null,
      scene: { position: toScene(camera.position), target: toScene(target), fov: camera.fov, section, storeys: filter },
      needs3d: true,
    };
  }
  // Orthographic: the plan shows it when it looks straight down; the 3D view from as far as shows the same height.
  const scale = camera.scale ?? DEFAULT_LOOK_DISTANCE;
  const topDown = direction[2] < -0.999;
  const target = topDown ? ([camera.position[0], camera.position[1], storeyFloor(storeyId, context.storeys)] as Vec3) : add(camera.position, direction, along > 0.5 ? along : DEFAULT_LOOK_DISTANCE);
  const distance = scale / 2 / Math.tan((DEFAULT_FOV * Math.PI) / 360);
  return {
    storeyId,
    selected: viewpoint.selected,
    plan: topDown ? { x: camera.position[0], y: camera.position[1], height: scale } : anchor ? { x: anchor[0], y: anchor[1] } : null,
    scene: { position: toScene(add(target, direction, -distance)), target: toScene(target), fov: DEFAULT_FOV, section, storeys: filter },
    needs3d: false,
  };
}

function storeyFloor(storeyId: string | undefined, storeys: readonly StoreyInfo[]): number {
  return storeys.find((s) => s.id === storeyId)?.elevation ?? 0;
}

/** Most elements a viewpoint names as hidden (BCF advises 1,000), and as the only ones visible (lib/model review.ts). */
const MAX_HIDDEN = 1_000;
const MAX_VISIBLE = 10_000;

/**
 * The visibility part of a viewpoint when `hidden` is hidden among the model's elements `all`:
 * the hidden ids; or, when more than 1,000 are hidden (an isolation), the ones still visible, as
 * BCF's `DefaultVisibility="false"` with exceptions. When neither fits, the first 1,000 hidden
 * (`truncated`: the view cannot be kept whole).
 */
export function visibilityOf(hidden: ReadonlySet<string>, all: Iterable<string>): { hidden: string[]; visible?: string[]; truncated?: true } {
  const hiddenIds: string[] = [];
  const visibleIds: string[] = [];
  for (const id of all) (hidden.has(id) ? hiddenIds : visibleIds).push(id);
  if (hiddenIds.length <= MAX_HIDDEN) return { hidden: hiddenIds.sort() };
  if (visibleIds.length <= MAX_VISIBLE) return { hidden: [], visible: visibleIds.sort() };
  return { hidden: hiddenIds.sort().slice(0, MAX_HIDDEN), truncated: true };
}

/**
 * The elements a viewpoint hides among the model's elements `all`: its hidden ones, or, when it
 * names only the visible ones, every other — unless none of those is in this building (a BCF view
 * of another model, its components unresolved): hiding everything would show an empty building,
 * so nothing is hidden.
 */
export function hiddenOf(viewpoint: Pick<Viewpoint, 'hidden' | 'visible'>, all: Iterable<string>): string[] {
  if (viewpoint.visible === undefined) return [...viewpoint.hidden];
  const visible = new Set(viewpoint.visible);
  const ids = [...all];
  return ids.some((id) => visible.has(id)) ? ids.filter((id) => !visible.has(id)) : [];
}
