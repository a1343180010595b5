import { describe, expect, it } from 'vitest';
import { diffPeers, isIdle, listPeers, parsePresence, IDLE_AFTER_MS } from '@/lib/doc';

const user = { id: 'u1', name: 'Ada', color: '#2f7bf6' };

describe('presence parsing', () => {
  it.each<[string, unknown, unknown]>([
    ['drops a state without a user', { cursor: { view: 'plan', storeyId: 's', x: 1, y: 2 } }, undefined],
    ['drops a user without a name', { user: { id: 'u', color: '#fff' } }, undefined],
    ['keeps a bare user with an empty selection', { user }, { user, selection: [], cursor: undefined, viewport: undefined, following: undefined, activeAt: undefined }],
    ['keeps a valid cursor', { user, cursor: { view: 'plan', storeyId: 's1', x: 1, y: 2 } }, expect.objectContaining({ cursor: { view: 'plan', storeyId: 's1', x: 1, y: 2 } })],
    ['drops a cursor with a non-finite coordinate', { user, cursor: { view: 'plan', storeyId: 's1', x: Infinity, y: 2 } }, expect.objectContaining({ cursor: undefined })],
    ['drops a viewport with zero zoom', { user, viewport: { storeyId: 's', x: 0, y: 0, zoom: 0 } }, expect.objectContaining({ viewport: undefined })],
    ['keeps only string ids in a selection', { user, selection: ['a', 3, null, 'b'] }, expect.objectContaining({ selection: ['a', 'b'] })],
  ])('%s', (_name, state, expected) => {
    expect(parsePresence(state)).toEqual(expected);
  });
});

describe('peers', () => {
  const states = new Map<number, unknown>([
    [3, { user: { ...user, name: 'Cy' } }],
    [1, { user }],
    [2, { junk: true }],
  ]);
  it('lists valid peers except me, in client id order', () => {
    expect(listPeers(states, 1).map((p) => [p.clientId, p.user.name])).toEqual([[3, 'Cy']]);
  });
  it('tells who joined and who left', () => {
    const before = listPeers(states, 99);
    const after = listPeers(new Map([[3, { user }], [4, { user }]]), 99);
    const { joined, left } = diffPeers(before, after);
    expect(joined.map((p) => p.clientId)).toEqual([4]);
    expect(left.map((p) => p.clientId)).toEqual([1]);
  });
  it('calls a peer idle after a minute without input', () => {
    expect(isIdle({ user, selection: [], activeAt: 0 }, IDLE_AFTER_MS + 1)).toBe(true);
    expect(isIdle({ user, selection: [], activeAt: 0 }, 1000)).toBe(false);
  });
});
