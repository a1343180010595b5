/**
 * The building the versions bench saves, diffs, restores and loads: walls and equipment with a
 * few user properties each, on four storeys, written through lib/doc (validated, as an import
 * writes it); and the edits that make its second version, written through lib/doc's writers as
 * an editor's client makes them.
 */
import * as Y from 'yjs';
import { initBuildingDoc, ORIGIN, readElement, transact, type BuildingTx } from '@/lib/doc';
import {
  createElement,
  createStorey,
  EQUIPMENT_SYSTEMS,
  metres,
  planPoint,
  radians,
  worldPoint,
  type Element,
  type Result,
} from '@/lib/model';

const STOREYS = 4;
/** One element in five is a wall, the rest equipment. */
const WALL_EVERY = 5;
/** Elements per addElement transaction while generating (as an import batches its writes). */
const BATCH = 1_000;
/**
 * The Yjs client id that writes the building: fixed, so the encoded size is the same every run (a
 * client id is a varint in every struct's parent reference), and of the size a random uint32
 * usually has (5 bytes).
 */
const WRITER_CLIENT_ID = 0x9e37_79b1;

/** Id of element `i` of the generated building (walls `w-<i>`, equipment `eq-<i>`). */
export const elementId = (i: number) => (i % WALL_EVERY === 0 ? `w-${i}` : `eq-${i}`);
const storeyId = (s: number) => `l${s}`;

function must<T>(result: Result<T, { message: string }>): T {
  if (!result.ok) throw new Error(`bench building: ${result.error.message}`);
  return result.value;
}

/** Element `i`: a wall on a 6 m grid, or a device of one of the systems, each with three properties. */
function element(i: number): Element {
  const storey = storeyId(i % STOREYS);
  const cell = Math.floor(i / STOREYS);
  const x = (cell % 100) * 6;
  const y = Math.floor(cell / 100) * 6;
  if (i % WALL_EVERY === 0) {
    const vertical = cell % 2 === 1;
    return must(createElement('wall', {
      id: elementId(i),
      storeyId: storey,
      name: `Wall ${i}`,
      a: planPoint(x, y),
      b: vertical ? planPoint(x, y + 6) : planPoint(x + 6, y),
      props: { fireRating: i % 3 === 0 ? 'EI60' : 'EI30', acousticRating: 40 + (i % 15), loadBearing: i % 4 === 0 },
    }));
  }
  const system = EQUIPMENT_SYSTEMS[i % EQUIPMENT_SYSTEMS.length]!;
  return must(createElement('equipment', {
    id: elementId(i),
    storeyId: storey,
    name: `Device ${i}`,
    system,
    type: 'device',
    path: `/${system}/zone_${Math.floor(i / 100)}/device_${i}`,
    position: worldPoint(x + 0.5 + (i % 5), y + 0.5 + (i % 3), 1.2),
    rotation: radians(0),
    props: { manufacturer: ['Acme', 'Globex', 'Initech'][i % 3]!, serial: `SN-${100_000 + i}`, installed: 2010 + (i % 15) },
  }));
}

/** A generated building: its state as one update, and what it holds. */
export interface GeneratedBuilding {
  state: Uint8Array;
  walls: number;
  equipment: number;
  /** Generating it took, ms. */
  ms: number;
}

/** A building of `elements` elements (one in five a wall), written through lib/doc in batches. */
export function generateBuilding(elements: number, name: string): GeneratedBuilding {
  const started = performance.now();
  const doc = new Y.Doc();
  doc.clientID = WRITER_CLIENT_ID;
  must(initBuildingDoc(doc, { name, address: 'Bench street 1', createdAt: '2026-01-01T00:00:00.000Z' }, ORIGIN.import));
  must(transact(doc, ORIGIN.import, (tx) => {
    for (let s = 0; s < STOREYS; s++) must(tx.addStorey(must(createStorey({ id: storeyId(s), name: `Level ${s}`, elevation: metres(3 * s), height: metres(3), order: s }))));
  }));
  for (let i = 0; i < elements; i += BATCH) {
    must(transact(doc, ORIGIN.import, (tx) => {
      for (let j = i; j < Math.min(elements, i + BATCH); j++) must(tx.addElement(element(j)));
    }));
  }
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  const walls = Math.ceil(elements / WALL_EVERY);
  return { state, walls, equipment: elements - walls, ms: performance.now() - started };
}

/** What {@link editToSecondVersion} changed: the ids the diff must name. */
export interface SecondVersionEdits {
  changed: string[];
  added: string[];
  removed: string[];
}

/**
 * The edits from the first version to the second, in one transaction of `doc` (an editor's
 * client): ~1 % of the elements get a field changed (walls thicker and re-rated, devices moved,
 * or renamed with a new serial), `added` new devices are placed and `removed` devices deleted.
 */
export function editToSecondVersion(doc: Y.Doc, elements: number, counts: { changed: number; added: number; removed: number }): SecondVersionEdits {
  const edits: SecondVersionEdits = { changed: [], added: [], removed: [] };
  const stride = Math.floor(elements / counts.changed);
  if (stride < 100 || Math.floor(elements / counts.removed) < 100) throw new Error('bench building: too many edits for its size');
  must(transact(doc, ORIGIN.local, (tx: BuildingTx) => {
    for (let k = 0; k < counts.changed; k++) {
      // Ids ≡ 10-14 (mod 100): a wall every fifth pick, equipment otherwise.
      const id = elementId(k * stride + 10 + (k % 5));
      const current = readElement(doc, id);
      if (current === undefined) throw new Error(`bench building: no element ${id}`);
      if (current.kind === 'wall') must(tx.updateElement(id, { thickness: metres(0.3), props: { ...current.props, fireRating: 'EI90' } }));
      else if (current.kind === 'equipment' && k % 2 === 1) must(tx.updateElement(id, { position: worldPoint(current.position[0] + 0.25, current.position[1], 2.4) }));
      else must(tx.updateElement(id, { name: `Renamed ${k}`, props: { ...current.props, serial: `SN-R${k}` } }));
      edits.changed.push(id);
    }
    for (let k = 0; k < counts.removed; k++) {
      // Ids ≡ 63 (mod 100): equipment, never one changed above.
      const id = elementId(k * Math.floor(elements / counts.removed) + 63);
      must(tx.deleteElement(id));
      edits.removed.push(id);
    }
    for (let k = 0; k < counts.added; k++) {
      const id = `eq-new-${k}`;
      must(tx.addElement(must(createElement('equipment', {
        id,
        storeyId: storeyId(k % STOREYS),
        name: `New device ${k}`,
        system: 'network',
        type: 'access-point',
        path: `/network/added/ap_${k}`,
        position: worldPoint(3 + k, 3, 2.8),
        rotation: radians(0),
        props: { manufacturer: 'Acme', serial: `SN-N${k}`, installed: 2026 },
      }))));
      edits.added.push(id);
    }
  }));
  return edits;
}
