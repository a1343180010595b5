import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addElement,
  deleteElement,
  LocalOrigin,
  observeBuilding,
  ORIGIN,
  RemoteOrigin,
  setMeta,
  transact,
  updateElement,
  type BuildingEvent,
} from '@/lib/doc';
import { cloneDoc, fixtureDoc } from './helpers';

function listen(doc: Y.Doc) {
  const batches: BuildingEvent[][] = [];
  const stop = observeBuilding(doc, (events) => batches.push([...events]));
  return { batches, stop };
}

const wall = { id: 'w9', kind: 'wall', storeyId: 'L0', name: '', props: {}, a: [0, 9], b: [1, 9], thickness: 0.1, height: 2 };

describe('observeBuilding', () => {
  it('emits one batch of typed events per transaction', () => {
    const doc = fixtureDoc();
    const { batches } = listen(doc);
    addElement(doc, wall);
    updateElement(doc, 'w9', { name: 'Nine', props: { a: 1 } }, new LocalOrigin('u1'));
    setMeta(doc, { address: 'Elsewhere' }, ORIGIN.import);
    deleteElement(doc, 'w1');
    expect(batches).toEqual([
      [{ type: 'element-added', id: 'w9', origin: 'local' }],
      [{ type: 'element-updated', id: 'w9', fields: ['name', 'props'], origin: 'local' }],
      [{ type: 'meta-updated', id: 'meta', fields: ['address'], origin: 'import' }],
      [
        { type: 'element-removed', id: 'd1', origin: 'local' },
        { type: 'element-removed', id: 'w1', origin: 'local' },
      ],
    ]);
  });

  it('reports remote updates with the remote origin, also for untyped providers', () => {
    const a = fixtureDoc(1);
    const b = cloneDoc(a, 2);
    const { batches } = listen(b);
    transact(a, ORIGIN.local, (tx) => {
      tx.addStorey({ id: 'L2', name: 'Roof', elevation: 6, height: 2, order: 2 });
      tx.addConnection({ id: 'c2', from: 'e2', to: 'e3', medium: 'power' });
    });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), new RemoteOrigin('peer-a'));
    updateElement(a, 'w2', { name: 'East!' });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), { some: 'provider' });
    expect(batches).toEqual([
      [
        { type: 'storey-added', id: 'L2', origin: 'remote' },
        { type: 'connection-added', id: 'c2', origin: 'remote' },
      ],
      [{ type: 'element-updated', id: 'w2', fields: ['name'], origin: 'remote' }],
    ]);
  });

  it('stops after unsubscribe', () => {
    const doc = fixtureDoc();
    const { batches, stop } = listen(doc);
    stop();
    updateElement(doc, 'w1', { name: 'x' });
    expect(batches).toEqual([]);
  });

  it('emits nothing for a refused write', () => {
    const doc = fixtureDoc();
    const { batches } = listen(doc);
    updateElement(doc, 'w1', { name: 42 } as never);
    expect(batches).toEqual([]);
  });
});
