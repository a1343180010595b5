/**
 * A small building and random edits through the lib/doc writers, shared by the history-free copy
 * (copyWithoutHistory.test.ts) and the carry-over tests (docEdits.test.ts).
 */
import { expect } from 'vitest';
import * as Y from 'yjs';
import {
  addConnection,
  addElement,
  addStorey,
  deleteElement,
  getMaps,
  initBuildingDoc,
  MAP_NAMES,
  moveElements,
  readElement,
  setMeta,
  updateElement,
  updateStorey,
} from '@/lib/doc';
import { planVector, type Result } from '@/lib/model';
import type { Rng } from '@/test/helpers/random';

/** The root maps a copy or a diff covers: the whole model layout. */
export const ROOTS = MAP_NAMES;
/** The client id of a rebased copy. */
export const REBASE_CLIENT = 7_000;

/** The value of an ok result; throws with the error's message otherwise. */
export function must<T, E extends { message: string }>(result: Result<T, E>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** A small building: 2 storeys, 6 walls, 4 doors, 10 pieces of equipment with props, 4 connections. */
export function building(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  must(initBuildingDoc(doc, { name: 'Rebase House', createdAt: '2026-01-01T00:00:00Z' }));
  must(addStorey(doc, { id: 'L0', name: 'Ground', elevation: 0, height: 3, order: 0 }));
  must(addStorey(doc, { id: 'L1', name: 'First', elevation: 3, height: 3, order: 1 }));
  for (let i = 0; i < 6; i++) {
    must(addElement(doc, { id: `w${i}`, kind: 'wall', storeyId: 'L0', name: `Wall ${i}`, props: i % 2 ? { fire: 'EI30' } : {}, a: [i * 2, 0], b: [i * 2, 5], thickness: 0.2, height: 3 }));
  }
  for (let i = 0; i < 4; i++) {
    must(addElement(doc, { id: `d${i}`, kind: 'door', storeyId: 'L0', name: `Door ${i}`, props: {}, hostId: `w${i}`, offset: 1, width: 0.8, height: 2, sill: 0 }));
  }
  for (let i = 0; i < 10; i++) must(addElement(doc, equipment(`e${i}`, i)));
  for (let i = 0; i < 4; i++) must(addConnection(doc, { id: `c${i}`, from: `e${i}`, to: `e${i + 1}`, medium: 'power' }));
  return doc;
}

/** An equipment record `id`, its fields varied by `n`. */
export function equipment(id: string, n: number) {
  return { id, kind: 'equipment', storeyId: n % 3 ? 'L0' : 'L1', name: `Outlet ${n}`, props: { k0: n, k1: 'x' }, position: [n, 1, 0.3], rotation: 0, system: 'electrical', type: 'outlet', status: 'ok', path: `/electrical/${id}` };
}

const PROP_KEYS = ['k0', 'k1', 'k2', 'k3'];

/**
 * One random edit through the lib/doc writers, chosen from `docs[0]`'s content and made on every
 * doc of `docs` (twins with equal content, so the writers validate and write alike). `actor`
 * prefixes the ids of new records.
 */
export function randomEdit(r: Rng, docs: readonly Y.Doc[], actor: string, n: number): void {
  const [first] = docs;
  if (first === undefined) return;
  const ids = [...getMaps(first).elements.keys()].sort();
  const id = r.pick(ids);
  const op = r.int(10);
  const run = (edit: (doc: Y.Doc) => Result<unknown, unknown>) => {
    const outcomes = docs.map((doc) => edit(doc).ok);
    expect(new Set(outcomes).size, 'twins accept or refuse an edit alike').toBe(1);
  };
  if (op <= 2 && id !== undefined) {
    const delta = planVector(r.int(5) - 2 || 1, r.int(3));
    run((doc) => moveElements(doc, [id], delta));
  } else if (op === 3 && id !== undefined) {
    const name = `${actor}${n}`;
    run((doc) => updateElement(doc, id, { name }));
  } else if (op <= 5 && id !== undefined) {
    const props = readElement(first, id)?.props;
    if (props === undefined) return;
    const key = r.pick(PROP_KEYS) ?? 'k0';
    const next: Record<string, string | number | boolean> = { ...props };
    if (r.next() < 0.3) delete next[key];
    else next[key] = r.int(100);
    run((doc) => updateElement(doc, id, { props: next }));
  } else if (op === 6) {
    const record = equipment(`${actor}-${n}`, r.int(10));
    run((doc) => addElement(doc, record));
  } else if (op === 7 && id !== undefined && r.next() < 0.5) {
    run((doc) => deleteElement(doc, id));
  } else if (op === 8) {
    const name = `${actor} storey ${n}`;
    const storey = r.pick(['L0', 'L1']) ?? 'L0';
    run((doc) => updateStorey(doc, storey, { name }));
  } else if (op === 9) {
    const name = `${actor} house ${n}`;
    run((doc) => setMeta(doc, { name }));
  }
}

/** `count` {@link randomEdit}s. */
export function randomEdits(r: Rng, docs: readonly Y.Doc[], actor: string, count: number): void {
  for (let n = 0; n < count; n++) randomEdit(r, docs, actor, n);
}

/** The plain content of every root map. */
export function rootsJSON(doc: Y.Doc): Record<string, unknown> {
  return Object.fromEntries(ROOTS.map((name) => [name, doc.getMap(name).toJSON()]));
}

/** A new doc holding `update`, written by `clientID` if given. */
export function loadUpdate(update: Uint8Array, clientID?: number): Y.Doc {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  Y.applyUpdate(doc, update);
  return doc;
}

// ------------------------------------------------------------------ copyWithoutHistory
