/**
 * A staged batch of validated writes over a building doc. Every operation validates against the
 * doc as it would be after the operations staged before it; nothing touches the doc until
 * {@link transact} commits, and it commits only if every operation succeeded. So invalid data
 * never reaches the doc and a batch is all-or-nothing.
 */
import * as Y from 'yjs';
import {
  checkConnectionReferences,
  checkElementReferences,
  checkHostedOpenings,
  isOpening,
  isRecord,
  modelError,
  ok,
  err,
  errorInWords,
  followJointsPatch,
  jointTarget,
  pointsEqual,
  wallEndMoves,
  translateElement,
  validateConnection,
  validateElement,
  validateElementPatch,
  validateMeta,
  validateMetaPatch,
  validateStorey,
  validateStoreyPatch,
  type BuildingLookup,
  type Connection,
  type Element,
  type ElementPatch,
  type Meta,
  type ModelIssue,
  type JointMove,
  type Opening,
  type PlanPoint,
  type PlanVector,
  type RawRecord,
  type Result,
  type Storey,
  type Wall,
} from '../model';
import { docError, invalid, type DocError } from './docError';
import { getMaps, readRawRecord, toPlain, writeFields, writeRecordFields, type BuildingMaps, type CollectionName } from './layout';
import type { BuildingOrigin } from './origins';

function isPlanPointLike(p: unknown): p is PlanPoint {
  return Array.isArray(p) && p.length === 2 && typeof p[0] === 'number' && typeof p[1] === 'number';
}

/** Ids removed by a delete, including cascaded records; each list sorted. */
export interface Deleted {
  readonly storeys: string[];
  readonly elements: string[];
  readonly connections: string[];
}

/** Options of {@link BuildingTx.deleteStorey}. */
export interface DeleteStoreyOptions {
  /** Also delete the storey's elements (and their connections). Default false: refuse. */
  readonly cascade?: boolean;
}

const COLLECTIONS: readonly CollectionName[] = ['storeys', 'elements', 'connections'];
const SINGULAR: Record<CollectionName, string> = { storeys: 'storey', elements: 'element', connections: 'connection' };

/** Staged operations over one doc. Obtain one from {@link transact}; do not keep it afterwards. */
export class BuildingTx {
  private readonly maps: BuildingMaps;
  /** Staged record states: a record, or null for deleted. */
  private readonly staged: Record<CollectionName, Map<string, RawRecord | null>> = {
    storeys: new Map(),
    elements: new Map(),
    connections: new Map(),
  };
  private stagedMeta: RawRecord | undefined;
  private failure: DocError | undefined;
  private committed = false;

  constructor(private readonly doc: Y.Doc) {
    this.maps = getMaps(doc);
  }

  /** The first error of this batch, if any operation failed (the batch will not be committed). */
  get error(): DocError | undefined {
    return this.failure;
  }

  // ---------------------------------------------------------------- reads (staged view)

  /** Raw record as the batch sees it (staged over the doc). Not validated. */
  private raw(collection: CollectionName, id: string): unknown {
    const staged = this.staged[collection].get(id);
    if (staged !== undefined) return staged ?? undefined;
    return readRawRecord(this.maps[collection], id);
  }

  private has(collection: CollectionName, id: string): boolean {
    const staged = this.staged[collection].get(id);
    return staged !== undefined ? staged !== null : this.maps[collection].has(id);
  }

  /** Ids present in a collection as the batch sees it. */
  ids(collection: CollectionName): string[] {
    const ids = new Set(this.maps[collection].keys());
    for (const [id, record] of this.staged[collection]) {
      if (record === null) ids.delete(id);
      else ids.add(id);
    }
    return [...ids];
  }

  /** One field of a record without reading the whole record. */
  private field(collection: CollectionName, id: string, field: string): unknown {
    const staged = this.staged[collection].get(id);
    if (staged !== undefined) return staged?.[field];
    const stored = this.maps[collection].get(id);
    if (stored instanceof Y.Map) return stored.get(field);
    return isRecord(stored) ? stored[field] : undefined;
  }

  private idsWhere(collection: CollectionName, field: string, value: string): string[] {
    return this.ids(collection).filter((id) => this.field(collection, id, field) === value);
  }

  /** A valid element as the batch sees it; undefined when absent or invalid. */
  getElement(id: string): Element | undefined {
    const parsed = validateElement(this.raw('elements', id));
    return parsed.ok ? parsed.value : undefined;
  }

  /** A valid storey as the batch sees it. */
  getStorey(id: string): Storey | undefined {
    const parsed = validateStorey(this.raw('storeys', id));
    return parsed.ok ? parsed.value : undefined;
  }

  /** A valid connection as the batch sees it. */
  getConnection(id: string): Connection | undefined {
    const parsed = validateConnection(this.raw('connections', id));
    return parsed.ok ? parsed.value : undefined;
  }

  /** Meta as the batch sees it, if valid. */
  getMeta(): Meta | undefined {
    const parsed = validateMeta(this.rawMeta());
    return parsed.ok ? parsed.value : undefined;
  }

  private rawMeta(): RawRecord {
    return this.stagedMeta ?? (toPlain(this.maps.meta) as RawRecord);
  }

  /** Reference lookups over the staged view. */
  readonly lookup: BuildingLookup = {
    hasStorey: (id) => this.has('storeys', id),
    getElement: (id) => this.getElement(id),
  };

  // ---------------------------------------------------------------- staging helpers

  private fail<T>(error: DocError): Result<T, DocError> {
    this.failure ??= error;
    return err(error);
  }

  private refsFailed<T>(label: string, issues: readonly ModelIssue[]): Result<T, DocError> {
    return this.fail(invalid(modelError('invalid_element', label, issues)));
  }

  private stage(collection: CollectionName, id: string, record: RawRecord | null): void {
    if (this.committed) throw new Error('BuildingTx used after its transaction committed');
    this.staged[collection].set(id, record);
  }

  private notFound<T>(collection: CollectionName, id: string): Result<T, DocError> {
    return this.fail(docError('not_found', `${SINGULAR[collection]} "${id}" does not exist`, 'id'));
  }

  // ---------------------------------------------------------------- elements

  /** Adds a new element. Refused: invalid data, duplicate id, missing storey/host, opening that does not fit. */
  addElement(input: unknown): Result<Element, DocError> {
    const parsed = validateElement(input);
    if (!parsed.ok) return this.fail(invalid(parsed.error));
    const element = parsed.value;
    if (this.has('elements', element.id)) return this.fail(docError('conflict', `element "${element.id}" already exists`, 'id'));
    const issues = checkElementReferences(element, this.lookup);
    if (issues.length > 0) return this.refsFailed(element.kind, issues);
    this.stage('elements', element.id, element as RawRecord);
    return ok(element);
  }

  private hostedOpenings(hostId: string): Opening[] {
    return this.idsWhere('elements', 'hostId', hostId)
      .map((id) => this.getElement(id))
      .filter((e): e is Opening => e !== undefined && isOpening(e));
  }

  /**
   * Patches an element (`id`/`kind` immutable; `undefined` removes an optional field). Only the
   * fields that change are written. A wall edit that would leave a hosted door/window outside
   * the wall or on another storey is refused.
   */
  updateElement(id: string, patch: ElementPatch): Result<Element, DocError> {
    const raw = this.raw('elements', id);
    if (raw === undefined) return this.notFound('elements', id);
    const parsed = validateElementPatch(isRecord(raw) ? raw : {}, patch);
    if (!parsed.ok) return this.fail(invalid(parsed.error));
    const element = parsed.value;
    const issues = checkElementReferences(element, this.lookup);
    if (element.kind === 'wall' || element.kind === 'slab') issues.push(...checkHostedOpenings(element, this.hostedOpenings(id)));
    if (issues.length > 0) return this.refsFailed(element.kind, issues);
    this.stage('elements', id, element as RawRecord);
    return ok(element);
  }

  /**
   * Deletes an element. Cascades: deleting a wall deletes the doors/windows it hosts; every
   * connection from or to a deleted element is deleted too.
   */
  deleteElement(id: string): Result<Deleted, DocError> {
    if (!this.has('elements', id)) return this.notFound('elements', id);
    return ok(this.deleteElementsCascading([id]));
  }

  private deleteElementsCascading(ids: readonly string[]): Deleted {
    const elements = new Set<string>();
    for (const id of ids) {
      elements.add(id);
      for (const hosted of this.idsWhere('elements', 'hostId', id)) elements.add(hosted);
    }
    const connections = this.ids('connections').filter(
      (c) => elements.has(String(this.field('connections', c, 'from'))) || elements.has(String(this.field('connections', c, 'to'))),
    );
    for (const id of elements) this.stage('elements', id, null);
    for (const id of connections) this.stage('connections', id, null);
    return { storeys: [], elements: [...elements].sort(), connections: connections.sort() };
  }

  /**
   * Translates elements on the plan by `delta` (walls, polygons, positions; doors and windows
   * move with their wall and are left unchanged; those in a slab move with it, by their position).
   * All ids must exist and be valid.
   *
   * Joined walls follow: a wall not being moved that shares an end point with a moved wall's end
   * keeps sharing it (that end moves along, its other end stays), and a room not being moved
   * with a corner on a moved wall end moves that corner (see {@link followJoints}). Refused, with
   * nothing moved, when a follower would become invalid (a joined wall shrunk to nothing, a door
   * no longer fitting its stretched wall).
   */
  moveElements(ids: readonly string[], delta: PlanVector): Result<Element[], DocError> {
    if (!Number.isFinite(delta[0]) || !Number.isFinite(delta[1])) {
      return this.fail(docError('invalid', 'delta: must be two finite numbers (metres)', 'delta'));
    }
    const moved: Element[] = [];
    const joints: JointMove[] = [];
    const all = new Set(ids);
    for (const id of ids) if (this.field('elements', id, 'kind') === 'slab') for (const hosted of this.idsWhere('elements', 'hostId', id)) all.add(hosted);
    for (const id of all) {
      if (!this.has('elements', id)) return this.notFound('elements', id);
      const current = validateElement(this.raw('elements', id));
      if (!current.ok) return this.fail(invalid(current.error));
      const next = validateElement(translateElement(current.value, delta));
      if (!next.ok) return this.fail(invalid(next.error));
      moved.push(next.value);
      joints.push(...wallEndMoves([current.value], delta));
    }
    for (const element of moved) this.stage('elements', element.id, element as RawRecord);
    const followed = this.followJoints(joints, new Set(ids));
    return followed.ok ? ok(moved) : followed;
  }

  /**
   * Moves end `end` of wall `wallId` to `point`; the walls joined at that end and the rooms
   * with a corner there follow (see {@link followJoints}). Openings keep their offset from the
   * wall's `a` end, so one that no longer fits refuses the move.
   */
  moveWallEnd(wallId: string, end: 'a' | 'b', point: PlanPoint): Result<Wall, DocError> {
    const wall = this.getElement(wallId);
    if (wall === undefined) return this.has('elements', wallId) ? this.fail(docError('invalid', 'the wall is not valid', 'id')) : this.notFound('elements', wallId);
    if (wall.kind !== 'wall') return this.fail(docError('invalid', `A ${wall.kind} has no wall ends`, 'id'));
    return this.updateElementJoined(wallId, { [end]: point } as ElementPatch) as Result<Wall, DocError>;
  }

  /**
   * {@link updateElement}, and when the patch moves a wall's end points, the walls joined at
   * them and the rooms with a corner there follow, as in {@link moveWallEnd}. What the
   * properties panel uses: editing a wall's length or end coordinates keeps its joints.
   */
  updateElementJoined(id: string, patch: ElementPatch): Result<Element, DocError> {
    const before = this.getElement(id);
    const updated = this.updateElement(id, patch);
    if (!updated.ok || before?.kind !== 'wall' || updated.value.kind !== 'wall') return updated;
    const after = updated.value;
    const joints = (['a', 'b'] as const)
      .filter((end) => !pointsEqual(before[end], after[end], 0))
      .map((end) => ({ storeyId: before.storeyId, from: before[end], to: after[end] }));
    const followed = this.followJoints(joints, new Set([id]));
    return followed.ok ? updated : followed;
  }

  /**
   * Moves what is joined at wall ends that moved: every end of a wall (on the same storey, not
   * in `exclude`) within {@link JOINT_TOLERANCE} of a moved end's old place goes to its new
   * place, and so does every such room corner. A follower that would become invalid fails the
   * batch with a message in words that says it is the joined element.
   */
  private followJoints(joints: readonly JointMove[], exclude: ReadonlySet<string>): Result<void, DocError> {
    if (joints.length === 0) return ok(undefined);
    const storeys = new Set(joints.map((j) => j.storeyId));
    const target = jointTarget(joints);
    for (const id of this.ids('elements')) {
      if (exclude.has(id)) continue;
      const kind = this.field('elements', id, 'kind');
      if (kind !== 'wall' && kind !== 'space') continue;
      const storeyId = this.field('elements', id, 'storeyId');
      if (typeof storeyId !== 'string' || !storeys.has(storeyId)) continue;
      // Validate only the records with a point at a moved end (a drag on a large plan is one pass).
      const points = kind === 'wall' ? [this.field('elements', id, 'a'), this.field('elements', id, 'b')] : this.field('elements', id, 'polygon');
      if (!Array.isArray(points) || !points.some((p) => isPlanPointLike(p) && target(storeyId, p) !== undefined)) continue;
      const element = this.getElement(id);
      const patch = element && followJointsPatch(element, target);
      if (patch === undefined || element === undefined) continue;
      const followed = this.updateElement(id, patch);
      if (!followed.ok) {
        const what = element.kind === 'wall' ? 'A wall joined to it' : 'A room with a corner on it';
        const error: DocError = { code: followed.error.code, message: `${what} would become invalid: ${errorInWords(followed.error)}`, issues: [{ path: '', message: `${what} would become invalid: ${errorInWords(followed.error)}` }] };
        this.failure = error;
        return err(error);
      }
    }
    return ok(undefined);
  }

  // ---------------------------------------------------------------- storeys

  /** Adds a storey. Refused: invalid data or duplicate id. */
  addStorey(input: unknown): Result<Storey, DocError> {
    const parsed = validateStorey(input);
    if (!parsed.ok) return this.fail(invalid(parsed.error));
    if (this.has('storeys', parsed.value.id)) return this.fail(docError('conflict', `storey "${parsed.value.id}" already exists`, 'id'));
    this.stage('storeys', parsed.value.id, parsed.value as RawRecord);
    return ok(parsed.value);
  }

  /** Patches a storey (`id` immutable). */
  updateStorey(id: string, patch: Partial<Omit<Storey, 'id'>>): Result<Storey, DocError> {
    const raw = this.raw('storeys', id);
    if (raw === undefined) return this.notFound('storeys', id);
    const parsed = validateStoreyPatch(isRecord(raw) ? raw : {}, patch);
    if (!parsed.ok) return this.fail(invalid(parsed.error));
    this.stage('storeys', id, parsed.value as RawRecord);
    return ok(parsed.value);
  }

  /**
   * Deletes a storey. With elements on it, refused (`conflict`) unless `cascade`, which deletes
   * them too (with their hosted openings and connections).
   */
  deleteStorey(id: string, options: DeleteStoreyOptions = {}): Result<Deleted, DocError> {
    if (!this.has('storeys', id)) return this.notFound('storeys', id);
    const onStorey = this.idsWhere('elements', 'storeyId', id);
    if (onStorey.length > 0 && options.cascade !== true) {
      return this.fail(
        docError('conflict', `storey "${id}" has ${onStorey.length} element(s); delete them first or pass { cascade: true }`, 'id'),
      );
    }
    const deleted = this.deleteElementsCascading(onStorey);
    this.stage('storeys', id, null);
    return ok({ ...deleted, storeys: [id] });
  }

  // ---------------------------------------------------------------- connections

  /** Adds a connection. Refused: invalid data, duplicate id, or a missing end. */
  addConnection(input: unknown): Result<Connection, DocError> {
    const parsed = validateConnection(input);
    if (!parsed.ok) return this.fail(invalid(parsed.error));
    const connection = parsed.value;
    if (this.has('connections', connection.id)) return this.fail(docError('conflict', `connection "${connection.id}" already exists`, 'id'));
    const issues = checkConnectionReferences(connection, this.lookup);
    if (issues.length > 0) return this.fail(invalid(modelError('invalid_connection', 'connection', issues)));
    this.stage('connections', connection.id, connection as RawRecord);
    return ok(connection);
  }

  /** Deletes a connection. */
  deleteConnection(id: string): Result<Deleted, DocError> {
    if (!this.has('connections', id)) return this.notFound('connections', id);
    this.stage('connections', id, null);
    return ok({ storeys: [], elements: [], connections: [id] });
  }

  // ---------------------------------------------------------------- meta

  /** Patches meta (`schemaVersion` and `units` cannot be changed here). */
  setMeta(patch: Partial<Omit<Meta, 'schemaVersion' | 'units'>>): Result<Meta, DocError> {
    const parsed = validateMetaPatch(this.rawMeta(), patch);
    if (!parsed.ok) return this.fail(invalid(parsed.error));
    this.stagedMeta = parsed.value as RawRecord;
    return ok(parsed.value);
  }

  // ---------------------------------------------------------------- commit

  /** True when nothing is staged. */
  get isEmpty(): boolean {
    return this.stagedMeta === undefined && COLLECTIONS.every((c) => this.staged[c].size === 0);
  }

  /**
   * Writes the staged state in ONE Yjs transaction with `origin`, field by field.
   * @internal called by {@link transact} only after checking {@link error}.
   */
  commit(origin: BuildingOrigin): void {
    if (this.failure) throw new Error('BuildingTx.commit called on a failed batch');
    if (this.committed) throw new Error('BuildingTx committed twice');
    this.committed = true;
    if (this.isEmpty) return;
    this.doc.transact(() => {
      for (const collection of COLLECTIONS) {
        const map = this.maps[collection];
        for (const [id, record] of this.staged[collection]) {
          if (record === null) {
            if (map.has(id)) map.delete(id);
          } else {
            writeRecordFields(map, id, record);
          }
        }
      }
      if (this.stagedMeta) writeFields(this.maps.meta, this.stagedMeta, false);
    }, origin);
  }
}
