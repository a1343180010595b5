/**
 * Copy and paste of plan elements. A copy is a small JSON payload (a format marker and a version,
 * so a payload from elsewhere or from a future ArxOS is refused in words, not half-pasted); pasting
 * builds new elements with fresh ids through `createElement`, so they pass the same validation
 * as drawn ones. The payload goes to the system clipboard as text when the browser allows it
 * (paste in another tab) and is kept in memory as well (paste when the browser refuses to read
 * the clipboard).
 */
import {
  clampOpeningOffset,
  createElement,
  distancePointToSegment,
  isOpening,
  isPlacedOpening,
  isPointInPolygon,
  metres,
  placeOpening,
  planPoint,
  translateElement,
  validateElement,
  wallDirection,
  type Element,
  type ElementKind,
  type PlanPoint,
  type PlanVector,
  type Slab,
  type Wall,
} from '@/lib/model';

/** The marker every ArxOS clipboard payload carries. */
export const CLIPBOARD_FORMAT = 'arxos/elements';
/** The payload version this code writes and reads. */
export const CLIPBOARD_VERSION = 1;

/** What is on the clipboard after a copy. */
export interface ClipboardPayload {
  readonly format: typeof CLIPBOARD_FORMAT;
  readonly version: typeof CLIPBOARD_VERSION;
  /** The copied elements as they were (ids, storey, positions); walls before what they host. */
  readonly elements: readonly Element[];
  /**
   * The plan position of each copied door or window (the centre of its opening, by element id),
   * so one pasted without its wall can find a wall under it.
   */
  readonly openingCentres: Readonly<Record<string, readonly [number, number]>>;
}

type Failure = { readonly ok: false; readonly error: { readonly message: string } };
const fail = (message: string): Failure => ({ ok: false, error: { message } });

/**
 * The payload for a selection: the selected elements, and the doors and windows of selected walls
 * and slabs (an opening goes with its host). `all` looks up hosts and hosted openings.
 */
export function serialiseSelection(selected: readonly Element[], all: ReadonlyMap<string, Element>): ClipboardPayload {
  const chosen = new Map(selected.map((e) => [e.id, e]));
  for (const e of all.values()) if (isOpening(e) && chosen.get(e.hostId)?.kind === (isPlacedOpening(e) ? 'slab' : 'wall')) chosen.set(e.id, e);
  const elements = [...chosen.values()].sort((a, b) => Number(isOpening(a)) - Number(isOpening(b)));
  const openingCentres: Record<string, readonly [number, number]> = {};
  for (const e of elements) {
    if (!isOpening(e)) continue;
    if (isPlacedOpening(e)) {
      openingCentres[e.id] = [e.position[0], e.position[1]];
      continue;
    }
    const host = all.get(e.hostId);
    if (host?.kind !== 'wall') continue;
    const { centre } = placeOpening(host, e.offset, e.width);
    openingCentres[e.id] = [centre[0], centre[1]];
  }
  return { format: CLIPBOARD_FORMAT, version: CLIPBOARD_VERSION, elements, openingCentres };
}

/** The payload as clipboard text. */
export function payloadToText(payload: ClipboardPayload): string {
  return JSON.stringify(payload);
}

const NOT_OURS = 'The clipboard holds no ArxOS elements to paste.';

/** Reads clipboard text back into a payload; refuses foreign or broken text with a message. */
export function parsePayload(text: string): { ok: true; value: ClipboardPayload } | Failure {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail(NOT_OURS);
  }
  if (typeof raw !== 'object' || raw === null) return fail(NOT_OURS);
  const record = raw as Record<string, unknown>;
  if (record.format !== CLIPBOARD_FORMAT) return fail(NOT_OURS);
  if (record.version !== CLIPBOARD_VERSION) return fail(`These elements were copied from a different version of ArxOS (clipboard version ${String(record.version)}) and cannot be pasted here.`);
  if (!Array.isArray(record.elements)) return fail('The copied elements are damaged and cannot be pasted.');
  const elements: Element[] = [];
  for (const input of record.elements) {
    const parsed = validateElement(input);
    if (!parsed.ok) return fail('The copied elements are damaged and cannot be pasted.');
    elements.push(parsed.value);
  }
  const centres = typeof record.openingCentres === 'object' && record.openingCentres !== null ? (record.openingCentres as Record<string, unknown>) : {};
  const openingCentres: Record<string, readonly [number, number]> = {};
  for (const [id, point] of Object.entries(centres)) {
    if (Array.isArray(point) && point.length === 2 && point.every((n) => typeof n === 'number' && Number.isFinite(n))) openingCentres[id] = [point[0] as number, point[1] as number];
  }
  return { ok: true, value: { format: CLIPBOARD_FORMAT, version: CLIPBOARD_VERSION, elements, openingCentres } };
}

/** Where a paste goes. */
export interface PasteTarget {
  /** The storey the pasted elements land on. */
  readonly storeyId: string;
  /** How far they move from where they were copied. */
  readonly offset: PlanVector;
  /** The target storey's walls: a door or window copied without its wall lands on one under it. */
  readonly walls: readonly Wall[];
  /** The target storey's slabs: one copied without the slab it is in (a roof window) lands in one under it. */
  readonly slabs: readonly Slab[];
}

/** The new elements of a paste, and how many copied doors or windows found no wall (or slab). */
export interface PastePlan {
  readonly elements: readonly Element[];
  readonly skipped: number;
}

/** The wall whose body covers a point (within half its thickness, and a centimetre), if any. */
function wallUnder(point: PlanPoint, walls: readonly Wall[]): Wall | undefined {
  let best: { wall: Wall; d: number } | undefined;
  for (const wall of walls) {
    const d = distancePointToSegment(point, wall.a, wall.b);
    if (d <= wall.thickness / 2 + 0.01 && (!best || d < best.d)) best = { wall, d };
  }
  return best?.wall;
}

/** The fields of a copied element for `createElement`: no id (a fresh one is made), no derived path. */
function freshFields(element: Element, storeyId: string): Record<string, unknown> {
  const { id: _id, kind: _kind, ...fields } = element as Element & Record<string, unknown>;
  void _id;
  void _kind;
  // An equipment path named after the old id would point at the original: derive a new one.
  if (element.kind === 'equipment') delete fields.path;
  return { ...fields, storeyId };
}

/**
 * Builds the elements a paste adds: fresh ids, moved by the offset onto the target storey, doors
 * and windows re-hosted on the pasted copies of their walls. A door or window copied without its
 * wall lands on the target storey's wall under its new position, else it is skipped (counted).
 */
export function buildPaste(payload: ClipboardPayload, target: PasteTarget): { ok: true; value: PastePlan } | Failure {
  const newIds = new Map<string, string>();
  const made: Element[] = [];
  let skipped = 0;
  const create = (kind: ElementKind, fields: Record<string, unknown>): Element | Failure => {
    const result = createElement(kind, fields as never);
    return result.ok ? (result.value as Element) : fail(`A copied element cannot be pasted: ${result.error.message}`);
  };
  for (const element of payload.elements) {
    if (isOpening(element)) continue;
    const created = create(element.kind, freshFields(translateElement(element, target.offset), target.storeyId));
    if ('ok' in created) return created;
    newIds.set(element.id, created.id);
    made.push(created);
  }
  const madeWalls = new Map(made.filter((e): e is Wall => e.kind === 'wall').map((w) => [w.id, w]));
  for (const element of payload.elements) {
    if (!isOpening(element)) continue;
    if (isPlacedOpening(element)) {
      const moved = translateElement(element, target.offset);
      const hostId = newIds.get(element.hostId) ?? target.slabs.find((slab) => isPointInPolygon(planPoint(moved.position[0], moved.position[1]), slab.polygon))?.id;
      if (hostId === undefined) {
        skipped++;
        continue;
      }
      const created = create(element.kind, { ...freshFields(moved, target.storeyId), hostId });
      if ('ok' in created) return created;
      made.push(created);
      continue;
    }
    const copiedHost = newIds.get(element.hostId);
    let hostId: string;
    let offset = element.offset;
    if (copiedHost !== undefined && madeWalls.has(copiedHost)) {
      hostId = copiedHost;
    } else {
      const centre = payload.openingCentres[element.id];
      const at = centre && planPoint(centre[0] + target.offset[0], centre[1] + target.offset[1]);
      const wall = at && wallUnder(at, target.walls);
      if (!at || !wall) {
        skipped++;
        continue;
      }
      const [ux, uy] = wallDirection(wall);
      const along = (at[0] - wall.a[0]) * ux + (at[1] - wall.a[1]) * uy;
      hostId = wall.id;
      offset = clampOpeningOffset(wall, metres(along - element.width / 2), element.width);
    }
    const created = create(element.kind, { ...freshFields(element, target.storeyId), hostId, offset });
    if ('ok' in created) return created;
    made.push(created);
  }
  return { ok: true, value: { elements: made, skipped } };
}

/** The last copy of this tab, for when the browser will not let the page read the clipboard. */
let lastCopied: string | undefined;

/** Puts a payload on the clipboard: the system clipboard when allowed, and in memory. */
export async function writeClipboard(payload: ClipboardPayload): Promise<void> {
  const text = payloadToText(payload);
  lastCopied = text;
  if (typeof navigator === 'undefined' || !navigator.clipboard?.writeText) return;
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) {
    // Refused (no permission, page not focused): the in-memory copy still pastes in this tab.
    console.warn('writing the system clipboard was refused; the copy pastes in this tab only', error);
  }
}

/** The clipboard's text: the system clipboard when the browser lets the page read it, else this tab's last copy. */
export async function readClipboard(): Promise<string | undefined> {
  if (typeof navigator !== 'undefined' && navigator.clipboard?.readText) {
    try {
      const text = await navigator.clipboard.readText();
      if (text) return text;
    } catch (error) {
      console.warn('reading the system clipboard was refused; pasting this tab’s last copy', error);
    }
  }
  return lastCopied;
}

/** Forgets the in-memory copy (tests). */
export function clearClipboardMemory(): void {
  lastCopied = undefined;
}
