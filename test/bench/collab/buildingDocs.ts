/**
 * The documents the bench edits and loads: real building models written through lib/doc
 * (validated), and a history of real element moves.
 */
import * as Y from 'yjs';
import { getMaps, loadSnapshot, ORIGIN } from '@/lib/doc';
import { CURRENT_SCHEMA_VERSION } from '@/lib/model';
import { rebaseDue, rebaseState, type RebasePolicy, type RebasedState } from '@/collab-server/lineage';

const STOREYS = [
  { id: 'l0', name: 'Ground floor', elevation: 0, height: 3, order: 0 },
  { id: 'l1', name: 'First floor', elevation: 3, height: 3, order: 1 },
  { id: 'l2', name: 'Second floor', elevation: 6, height: 3, order: 2 },
  { id: 'l3', name: 'Third floor', elevation: 9, height: 3, order: 3 },
];
const SYSTEMS = ['electrical', 'hvac', 'plumbing', 'fire', 'network', 'lighting'] as const;

/** Id of equipment element `i`. */
export const equipmentId = (i: number) => `eq-${i}`;

function equipment(i: number) {
  const system = SYSTEMS[i % SYSTEMS.length]!;
  return {
    id: equipmentId(i),
    kind: 'equipment',
    storeyId: STOREYS[i % STOREYS.length]!.id,
    name: `Device ${i}`,
    system,
    type: 'device',
    status: 'ok',
    path: `/${system}/zone_${Math.floor(i / 100)}/device_${i}`,
    position: [(i % 100) * 0.9, Math.floor(i / 100) % 100 * 0.9, 1.2],
    rotation: 0,
    props: {},
  };
}

/**
 * A building with `elements` equipment elements on four storeys, as one update (validated by
 * lib/doc's `loadSnapshot`, the import path). Deterministic except for `createdAt`.
 */
export function buildBuildingState(elements: number, name = 'Bench building'): Uint8Array {
  const doc = new Y.Doc();
  const loaded = loadSnapshot(doc, {
    meta: { name, address: '', north: 0, schemaVersion: CURRENT_SCHEMA_VERSION, units: 'm', createdAt: new Date().toISOString() },
    storeys: Object.fromEntries(STOREYS.map((s) => [s.id, s])),
    elements: Object.fromEntries(Array.from({ length: elements }, (_, i) => [equipmentId(i), equipment(i)])),
    connections: {},
  }, ORIGIN.import);
  if (!loaded.ok) throw new Error(`bench building is invalid: ${loaded.error.message}`);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/**
 * Edits per simulated editing session (one Yjs client id) in a generated history. Yjs's cost per
 * transaction grows with the number of client ids in the doc, so shorter sessions make a 1M
 * history take far too long to generate.
 */
const SESSION_EDITS = 10_000;

/** A rebase the ArxOS server would have made during a generated history (collab-server SPEC 20). */
export interface HistoryRebase extends RebasedState {
  /** Made after this many updates (at the end of an editing session, when the room went idle). */
  at: number;
}

/**
 * `count` updates of history on top of `state`, and the encoded doc state after the first k
 * updates for each k in `checkpoints`: element moves (a new `position`), each its own
 * transaction and update, from a new Yjs client id every {@link SESSION_EDITS} edits (sessions).
 *
 * With `rebase` (the ArxOS server's policy), the history is the one an ArxOS server leaves: at
 * the end of every session the room goes idle and, when the policy says so, the document is
 * rebased (lineage.ts `rebaseState`, the server's own code); later moves are made on the new
 * lineage. The rebases come back in `rebases`; a checkpoint at a session's end is taken after
 * its rebase (the state a cold load then finds). The moves are the same with or without it.
 *
 * For speed the move is written as lib/doc writes it (`updateElement` with only `position`
 * changed sets that one field of the element's Y.Map), without re-validating each of up to 1M
 * edits. Byte-identical to the update `updateElement(doc, id, {position})` produces (checked by
 * hand; see README).
 */
export function generateHistory(
  state: Uint8Array,
  count: number,
  elements: number,
  options: { checkpoints?: readonly number[]; onProgress?: (done: number) => void; rebase?: RebasePolicy } = {},
): { updates: Uint8Array[]; statesAt: Map<number, Uint8Array>; rebases: HistoryRebase[] } {
  const checkpoints = new Set(options.checkpoints ?? []);
  const statesAt = new Map<number, Uint8Array>();
  const rebases: HistoryRebase[] = [];
  let doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const updates: Uint8Array[] = new Array(count);
  let n = 0;
  const record = (update: Uint8Array) => {
    updates[n++] = update;
  };
  doc.on('update', record);
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  /** The end of a session: the room goes idle, and an ArxOS server may rebase the document. */
  const sessionEnd = (at: number) => {
    if (!options.rebase || at === 0 || !rebaseDue(doc, options.rebase).due) return;
    const rebased = rebaseState(doc);
    rebases.push({ at, ...rebased });
    doc.destroy();
    doc = new Y.Doc();
    Y.applyUpdate(doc, rebased.newState);
    doc.on('update', record);
  };
  for (let i = 0; i < count; i++) {
    if (i % SESSION_EDITS === 0) sessionEnd(i);
    if (checkpoints.has(i)) statesAt.set(i, Y.encodeStateAsUpdate(doc));
    if (i % SESSION_EDITS === 0) doc.clientID = 1_000_000 + i / SESSION_EDITS;
    const element = getMaps(doc).elements.get(equipmentId(Math.floor(random() * elements))) as Y.Map<unknown>;
    doc.transact(() => element.set('position', [random() * 90, random() * 90, 1.2]), ORIGIN.local);
    if (options.onProgress && i % 100_000 === 0) options.onProgress(i);
  }
  if (count % SESSION_EDITS === 0) sessionEnd(count);
  if (checkpoints.has(count)) statesAt.set(count, Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return { updates, statesAt, rebases };
}
