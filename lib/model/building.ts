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
import type { Wall } from './elements/wall';

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

const fmt = (n: number) => `${Math.round(n * 1000) / 1000} m`;

/**
 * Checks an element's outgoing references: its storey exists; a door/window's host exists, is a
 * wall on the same storey, and the opening fits within the wall's length. Paths are relative to
 * the element (`storeyId`, `hostId`, `offset`).
 */
export function checkElementReferences(element: Element, lookup: BuildingLookup): ModelIssue[] {
  const issues: ModelIssue[] = [];
  if (!lookup.hasStorey(element.storeyId)) {
    issues.push({ path: 'storeyId', message: `storey "${element.storeyId}" does not exist` });
  }
  if (isOpening(element)) {
    const host = lookup.getElement(element.hostId);
    if (host === undefined) issues.push({ path: 'hostId', message: `host wall "${element.hostId}" does not exist` });
    else if (host.kind !== 'wall') issues.push({ path: 'hostId', message: `host "${element.hostId}" is a ${host.kind}, not a wall` });
    else issues.push(...checkOpeningInWall(element, host));
  }
  return issues;
}

function checkOpeningInWall(opening: Opening, wall: Wall): ModelIssue[] {
  if (wall.storeyId !== opening.storeyId) {
    return [{ path: 'storeyId', message: `must match host wall "${wall.id}" storey "${wall.storeyId}"` }];
  }
  if (!placeOpening(wall, opening.offset, opening.width).fits) {
    return [
      {
        path: 'offset',
        message: `offset + width (${fmt(opening.offset + opening.width)}) exceeds host wall "${wall.id}" length (${fmt(wallLength(wall))})`,
      },
    ];
  }
  return [];
}

/**
 * Checks, from the wall's side, that every opening it hosts still fits and shares its storey
 * (use after moving, shortening or re-levelling a wall). Paths name the opening.
 */
export function checkHostedOpenings(wall: Wall, openings: Iterable<Opening>): ModelIssue[] {
  const issues: ModelIssue[] = [];
  for (const opening of openings) {
    for (const issue of checkOpeningInWall(opening, wall)) {
      issues.push({ path: '', message: `hosted ${opening.kind} "${opening.id}": ${issue.path} ${issue.message}` });
    }
  }
  return issues;
}

/** Checks that both ends of a connection are existing elements. */
export function checkConnectionReferences(connection: Connection, lookup: BuildingLookup): ModelIssue[] {
  return (['from', 'to'] as const)
    .filter((end) => lookup.getElement(connection[end]) === undefined)
    .map((end) => ({ path: end, message: `element "${connection[end]}" does not exist` }));
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
