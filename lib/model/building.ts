/**
 * A whole building as plain data, and the checks that span records: element → storey,
 * opening → host wall, connection → elements.
 */
import type { Connection } from './connection';
import { validateConnection } from './connection';
import { type Element, type Opening, isOpening, validateElement } from './elements';
import { placeOpening, wallLength } from './geometry';
import { type Meta, validateMeta } from './meta';
import { isRecord } from './patch';
import { err, joinPath, modelError, ok, type ModelError, type ModelIssue, type Result } from './result';
import { type Storey, validateStorey } from './storey';
import type { Slab } from './elements/slab';
import type { Wall } from './elements/wall';
import { isPlacedOpening } from './elements/opening';

/** The full model of one building (what a Y.Doc holds, as plain data). */
export interface BuildingSnapshot {
  readonly meta: Meta;
  readonly storeys: Readonly<Record<string, Storey>>;
  readonly elements: Readonly<Record<string, Element>>;
  readonly connections: Readonly<Record<string, Connection>>;
}

/** Read access used by the reference checks (a snapshot, or a live document). */
export interface BuildingLookup {
  hasStorey(id: string): boolean;
  getElement(id: string): Element | undefined;
}

/** A {@link BuildingLookup} over a snapshot. */
export function snapshotLookup(snapshot: Pick<BuildingSnapshot, 'storeys' | 'elements'>): BuildingLookup {
  return {
    hasStorey: (id) => Object.hasOwn(snapshot.storeys, id),
    getElement: (id) => (Object.hasOwn(snapshot.elements, id) ? snapshot.elements[id] : undefined),
  };
}

/** Metres in words, to the centimetre: `2.50 m`. */
const fmt = (n: number) => `${(Math.round(n * 100) / 100 + 0).toFixed(2)} m`;

/** `A 3.00 m`, `An 8.00 m` (eight, eleven and eighteen are said with a vowel). */
const aMetres = (n: number) => `${/^(8|1[18]\.)/.test(fmt(n)) ? 'An' : 'A'} ${fmt(n)}`;

/**
 * Checks an element's outgoing references: its storey exists; a door/window's host exists and is
 * on the same storey: a wall the opening fits within (placed along it, no `position`), or a slab
 * (placed on its own: `position` and `rotation`). Issue paths are relative to the element
 * (`storeyId`, `hostId`, `width`, `offset`, `position`); messages are in words and name no ids
 * (they are shown to people).
 */
export function checkElementReferences(element: Element, lookup: BuildingLookup): ModelIssue[] {
  const issues: ModelIssue[] = [];
  if (!lookup.hasStorey(element.storeyId)) {
    issues.push({ path: 'storeyId', message: 'The storey it is on does not exist (it may have been deleted)' });
  }
  if (isOpening(element)) {
    const host = lookup.getElement(element.hostId);
    const placed = element.position !== undefined || element.rotation !== undefined;
    if (host === undefined) issues.push({ path: 'hostId', message: `The wall or slab this ${element.kind} sits in does not exist (it may have been deleted)` });
    else if (host.kind === 'wall') {
      if (placed) issues.push({ path: 'position', message: `A ${element.kind} in a wall is placed along it (by its offset), not by a position` });
      else issues.push(...checkOpeningInWall(element, host));
    } else if (host.kind === 'slab') {
      if (!isPlacedOpening(element)) issues.push({ path: 'position', message: `A ${element.kind} in a slab needs a position and a rotation` });
      else if (host.storeyId !== element.storeyId) issues.push({ path: 'storeyId', message: `A ${element.kind} must be on the storey of its slab` });
    } else issues.push({ path: 'hostId', message: `A ${element.kind} must sit in a wall or a slab, not in a ${host.kind}` });
  }
  return issues;
}

/**
 * Why `opening` does not fit `wall`, if it does not. A width longer than the whole wall is the
 * width's fault (`A 3.00 m door does not fit this 2.50 m wall`); otherwise the offset's.
 */
function checkOpeningInWall(opening: Opening, wall: Wall): ModelIssue[] {
  if (wall.storeyId !== opening.storeyId) {
    return [{ path: 'storeyId', message: `A ${opening.kind} must be on the storey of its wall` }];
  }
  if (placeOpening(wall, opening.offset, opening.width).fits) return [];
  const length = wallLength(wall);
  if (opening.width > length) {
    return [{ path: 'width', message: `${aMetres(opening.width)} ${opening.kind} does not fit this ${fmt(length)} wall` }];
  }
  return [
    {
      path: 'offset',
      message: `${aMetres(opening.width)} ${opening.kind} ${fmt(opening.offset)} from the wall’s start runs past the end of this ${fmt(length)} wall (at most ${fmt(length - opening.width)} from the start)`,
    },
  ];
}

/**
 * Checks, from the host's side, that every opening it hosts still fits and shares its storey
 * (use after moving, shortening or re-levelling a wall, or moving a slab to another storey). The
 * issues are about the host as a whole (path ''), in words: `The 0.90 m door in this wall would
 * no longer fit: it needs 3.90 m`.
 */
export function checkHostedOpenings(host: Wall | Slab, openings: Iterable<Opening>): ModelIssue[] {
  const issues: ModelIssue[] = [];
  for (const opening of openings) {
    if (host.kind === 'slab') {
      if (opening.storeyId !== host.storeyId) issues.push({ path: '', message: `The ${fmt(opening.width)} ${opening.kind} in this slab would be left on another storey` });
      continue;
    }
    const [problem] = checkOpeningInWall(opening, host);
    if (problem === undefined) continue;
    const what = `The ${fmt(opening.width)} ${opening.kind} in this wall`;
    issues.push({
      path: '',
      message:
        problem.path === 'storeyId'
          ? `${what} would be left on another storey`
          : `${what} would no longer fit: it needs a wall at least ${fmt(opening.offset + opening.width)} long, this one would be ${fmt(wallLength(host))}`,
    });
  }
  return issues;
}

/** Checks that both ends of a connection are existing elements. */
export function checkConnectionReferences(connection: Connection, lookup: BuildingLookup): ModelIssue[] {
  return (['from', 'to'] as const)
    .filter((end) => lookup.getElement(connection[end]) === undefined)
    .map((end) => ({ path: end, message: `The element at this end does not exist (it may have been deleted)` }));
}

type Collection = 'storeys' | 'elements' | 'connections';
const VALIDATORS: Record<Collection, (input: unknown) => Result<{ id: string }, ModelError>> = {
  storeys: validateStorey,
  elements: validateElement,
  connections: validateConnection,
};

/**
 * Validates the shape of every record (not cross-record references): `meta` plus the three
 * collections, each record keyed by its own id. All problems are reported.
 */
export function parseBuildingSnapshot(input: unknown): Result<BuildingSnapshot, ModelError> {
  const issues: ModelIssue[] = [];
  if (!isRecord(input)) return err(modelError('invalid_building', 'building', [{ path: '', message: 'must be an object' }]));
  for (const key of Object.keys(input)) {
    if (!['meta', 'storeys', 'elements', 'connections'].includes(key)) issues.push({ path: key, message: 'is not a known field' });
  }
  const meta = validateMeta(input.meta);
  if (!meta.ok) issues.push(...meta.error.issues.map((i) => ({ path: joinPath('meta', i.path), message: i.message })));
  const out: Record<Collection, Record<string, unknown>> = { storeys: {}, elements: {}, connections: {} };
  for (const collection of ['storeys', 'elements', 'connections'] as const) {
    const raw = input[collection];
    if (!isRecord(raw)) {
      issues.push({ path: collection, message: raw === undefined ? 'is required' : 'must be an object keyed by id' });
      continue;
    }
    for (const [id, record] of Object.entries(raw)) {
      const parsed = VALIDATORS[collection](record);
      const prefix = `${collection}.${id}`;
      if (!parsed.ok) {
        issues.push(...parsed.error.issues.map((i) => ({ path: joinPath(prefix, i.path), message: i.message })));
      } else if (parsed.value.id !== id) {
        issues.push({ path: joinPath(prefix, 'id'), message: `must equal its key "${id}"` });
      } else {
        out[collection][id] = parsed.value;
      }
    }
  }
  if (issues.length > 0 || !meta.ok) return err(modelError('invalid_building', 'building', issues));
  return ok({
    meta: meta.value,
    storeys: out.storeys as Record<string, Storey>,
    elements: out.elements as Record<string, Element>,
    connections: out.connections as Record<string, Connection>,
  });
}

/** Every cross-record problem of a shape-valid snapshot (paths like `elements.d1.hostId`). */
export function findReferenceProblems(snapshot: BuildingSnapshot): ModelIssue[] {
  const lookup = snapshotLookup(snapshot);
  const issues: ModelIssue[] = [];
  for (const element of Object.values(snapshot.elements)) {
    for (const i of checkElementReferences(element, lookup)) issues.push({ path: joinPath(`elements.${element.id}`, i.path), message: i.message });
  }
  for (const connection of Object.values(snapshot.connections)) {
    for (const i of checkConnectionReferences(connection, lookup)) {
      issues.push({ path: joinPath(`connections.${connection.id}`, i.path), message: i.message });
    }
  }
  return issues;
}

/**
 * Validates a whole building: every record's shape, then every reference. Returns all problems
 * in one {@link ModelError} (code `invalid_building`).
 */
export function validateBuilding(input: unknown): Result<BuildingSnapshot, ModelError> {
  const parsed = parseBuildingSnapshot(input);
  if (!parsed.ok) return parsed;
  const problems = findReferenceProblems(parsed.value);
  return problems.length > 0 ? err(modelError('invalid_building', 'building', problems)) : parsed;
}
