import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addElement,
  createUndoManager,
  deleteElement,
  LocalOrigin,
  moveElements,
  ORIGIN,
  readBuilding,
  readElement,
  RemoteOrigin,
  updateElement,
} from '@/lib/doc';
import { metres, planVector } from '@/lib/model';
import { cloneDoc, fixtureDoc, syncAll } from './helpers';

describe('two peers', () => {
  it('converge after exchanging updates', () => {
    const a = fixtureDoc(1);
    const b = cloneDoc(a, 2);
    updateElement(a, 'w1', { name: 'From A' });
    addElement(b, { id: 'w9', kind: 'wall', storeyId: 'L1', name: 'From B', props: {}, a: [0, 5], b: [3, 5], thickness: 0.1, height: 2.5 });
    syncAll(a, b);
    expect(readBuilding(a)).toEqual(readBuilding(b));
    expect(readElement(a, 'w9')?.name).toBe('From B');
    expect(readElement(b, 'w1')?.name).toBe('From A');
  });

  it('keep concurrent edits to different fields of one element (one renames, the other moves)', () => {
    const a = fixtureDoc(1);
    const b = cloneDoc(a, 2);
    expect(updateElement(a, 'e1', { name: 'Outlet by the sofa' }).ok).toBe(true);
    expect(moveElements(b, ['e1'], planVector(0.5, 0)).ok).toBe(true);
    syncAll(a, b);
    for (const doc of [a, b]) expect(readElement(doc, 'e1')).toMatchObject({ name: 'Outlet by the sofa', position: [0.6, 2, 0.3] });
  });

  it('keep concurrent edits to different props of one element', () => {
    const a = fixtureDoc(1);
    const b = cloneDoc(a, 2);
    updateElement(a, 'w3', { props: { fireRating: 'EI30', acoustic: true } });
    updateElement(b, 'w3', { props: { fireRating: 'EI30', colour: 'white' } });
    syncAll(a, b);
    expect(readElement(a, 'w3')?.props).toEqual({ fireRating: 'EI30', acoustic: true, colour: 'white' });
    expect(readBuilding(a)).toEqual(readBuilding(b));
  });

  it('let a delete win over a concurrent edit of the deleted element', () => {
    const a = fixtureDoc(1);
    const b = cloneDoc(a, 2);
    deleteElement(a, 'w2');
    updateElement(b, 'w2', { height: metres(2.5) });
    syncAll(a, b);
    expect(readElement(a, 'w2')).toBeUndefined();
    expect(readBuilding(a)).toEqual(readBuilding(b));
  });
});

describe('undo', () => {
  it('reverts only the local user\'s change; a remote change survives', () => {
    const a = fixtureDoc(1);
    const b = cloneDoc(a, 2);
    const undo = createUndoManager(a, { captureTimeout: 0 });
    updateElement(a, 'w1', { name: 'Local rename' }, new LocalOrigin('alice'));
    // B edits another field of the same wall and another element; A receives it as remote.
    updateElement(b, 'w1', { height: metres(3.5) });
    updateElement(b, 'w2', { name: 'Remote rename' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), new RemoteOrigin('b'));
    undo.undo();
    expect(readElement(a, 'w1')).toMatchObject({ name: 'South', height: 3.5 });
    expect(readElement(a, 'w2')?.name).toBe('Remote rename');
    undo.redo();
    expect(readElement(a, 'w1')?.name).toBe('Local rename');
  });

  it('does not track load, migration or import origins', () => {
    const a = fixtureDoc(1);
    const undo = createUndoManager(a, { captureTimeout: 0 });
    updateElement(a, 'w1', { name: 'Imported' }, ORIGIN.import);
    updateElement(a, 'w2', { name: 'Loaded' }, ORIGIN.load);
    expect(undo.canUndo()).toBe(false);
    addElement(a, { id: 'w9', kind: 'wall', storeyId: 'L0', name: '', props: {}, a: [0, 9], b: [1, 9], thickness: 0.1, height: 2 });
    expect(undo.canUndo()).toBe(true);
    undo.undo();
    expect(readElement(a, 'w9')).toBeUndefined();
    expect(readElement(a, 'w1')?.name).toBe('Imported');
  });
});
