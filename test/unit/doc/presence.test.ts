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

describe('3D and XR presence parsing', () => {
  const S = Math.SQRT1_2;
  const view3d = {
    position: [1, 1.6, 2],
    target: [4, 1.2, 6],
    fov: 50,
    section: { point: [0, 1, 0], normal: [0, 1, 0] },
    storeys: 'below',
    storeyId: 's1',
  };
  const head = { position: [2, 1.7, 3], quaternion: [0, S, 0, S] };
  const xr = { mode: 'vr', head, left: { position: [1.8, 1.2, 3], quaternion: [0, 0, 0, 1] }, right: { position: [2.2, 1.2, 3], quaternion: [1, 0, 0, 0] } };
  const cursor = { view: '3d', storeyId: 's1', x: 1, y: 2, z: 0.9 };
  /** A full valid state: every case below breaks one part of it. */
  const base = { user, cursor, selection: ['a'], view3d, xr, following: 'u2', activeAt: 5 };
  const parsed = parsePresence(base)!;

  it('keeps a valid 3D view, headset session and 3D cursor as sent', () => {
    expect(parsed).toEqual({ user, cursor, selection: ['a'], viewport: undefined, view3d, xr, following: 'u2', activeAt: 5 });
  });

  it('keeps a 3D view without a section and a headset without controllers, with no keys for them', () => {
    const { section: _section, ...plain } = view3d;
    const p = parsePresence({ user, view3d: plain, xr: { mode: 'ar', head } })!;
    expect(p.view3d).toEqual(plain);
    expect(p.view3d && 'section' in p.view3d).toBe(false);
    expect(p.xr).toEqual({ mode: 'ar', head });
    expect(p.xr && ('left' in p.xr || 'right' in p.xr)).toBe(false);
  });

  it('accepts a quaternion within 1e-3 of unit length', () => {
    const q = [0, 0, 0, 1.0009];
    expect(parsePresence({ user, xr: { mode: 'vr', head: { ...head, quaternion: q } } })?.xr?.head.quaternion).toEqual(q);
  });

  const huge = Array.from({ length: 1_000_000 }, () => 1);
  const withView3d = (patch: Record<string, unknown>) => ({ ...base, view3d: { ...view3d, ...patch } });
  const withXr = (patch: Record<string, unknown>) => ({ ...base, xr: { ...xr, ...patch } });
  const withHead = (patch: Record<string, unknown>) => withXr({ head: { ...head, ...patch } });
  const dropsView3d: [string, unknown][] = [
    ['not an object', { ...base, view3d: 'front' }],
    ['an array', { ...base, view3d: [1, 2, 3] }],
    ['a NaN in the position', withView3d({ position: [1, NaN, 2] })],
    ['an Infinity in the target', withView3d({ target: [Infinity, 0, 0] })],
    ['a 2-number position', withView3d({ position: [1, 2] })],
    ['a 4-number target', withView3d({ target: [1, 2, 3, 4] })],
    ['a huge position array', withView3d({ position: huge })],
    ['string coordinates', withView3d({ position: ['1', '2', '3'] })],
    ['a position object', withView3d({ position: { x: 1, y: 2, z: 3 } })],
    ['a sparse position', withView3d({ position: [1, , 3] })],
    ['no fov', withView3d({ fov: undefined })],
    ['a fov below 1°', withView3d({ fov: 0.5 })],
    ['a fov above 179°', withView3d({ fov: 180 })],
    ['a string fov', withView3d({ fov: '50' })],
    ['an unknown storey filter', withView3d({ storeys: 'above' })],
    ['no storey id', withView3d({ storeyId: undefined })],
    ['an empty storey id', withView3d({ storeyId: '' })],
    ['an over-long storey id', withView3d({ storeyId: 'x'.repeat(201) })],
  ];
  it.each(dropsView3d)('drops a 3D view with %s and keeps the rest', (_name, state) => {
    expect(parsePresence(state)).toEqual({ ...parsed, view3d: undefined });
  });

  const dropsSection: [string, unknown][] = [
    ['a non-unit normal', withView3d({ section: { point: [0, 1, 0], normal: [0, 2, 0] } })],
    ['a zero normal', withView3d({ section: { point: [0, 1, 0], normal: [0, 0, 0] } })],
    ['a NaN in the point', withView3d({ section: { point: [0, NaN, 0], normal: [0, 1, 0] } })],
    ['a 2-number normal', withView3d({ section: { point: [0, 1, 0], normal: [0, 1] } })],
    ['no point', withView3d({ section: { normal: [0, 1, 0] } })],
    ['a string section', withView3d({ section: 'y=1' })],
  ];
  it.each(dropsSection)('drops a section plane with %s alone: the 3D view stays, unsectioned', (_name, state) => {
    const { section: _section, ...plain } = view3d;
    expect(parsePresence(state)).toEqual({ ...parsed, view3d: plain });
  });

  const dropsXr: [string, unknown][] = [
    ['not an object', { ...base, xr: true }],
    ['an unknown mode', withXr({ mode: 'mr' })],
    ['an upper-case mode', withXr({ mode: 'VR' })],
    ['no head', withXr({ head: undefined })],
    ['a head without a quaternion', withHead({ quaternion: undefined })],
    ['a non-unit quaternion', withHead({ quaternion: [0, 0, 0, 2] })],
    ['a quaternion just past the tolerance', withHead({ quaternion: [0, 0, 0, 1.0011] })],
    ['a zero quaternion', withHead({ quaternion: [0, 0, 0, 0] })],
    ['a 3-number quaternion', withHead({ quaternion: [0, 0, 1] })],
    ['a 5-number quaternion', withHead({ quaternion: [0, 0, 0, 1, 0] })],
    ['a huge quaternion array', withHead({ quaternion: huge })],
    ['a NaN in the quaternion', withHead({ quaternion: [NaN, 0, 0, 1] })],
    ['string quaternion components', withHead({ quaternion: ['0', '0', '0', '1'] })],
    ['a NaN in the head position', withHead({ position: [NaN, 1.7, 3] })],
    ['a 2-number head position', withHead({ position: [2, 1.7] })],
  ];
  it.each(dropsXr)('drops a headset session with %s and keeps the rest', (_name, state) => {
    expect(parsePresence(state)).toEqual({ ...parsed, xr: undefined });
  });

  const dropsController: [string, 'left' | 'right', unknown][] = [
    ['a non-unit quaternion', 'left', withXr({ left: { position: [0, 0, 0], quaternion: [1, 1, 0, 0] } })],
    ['a NaN position', 'right', withXr({ right: { position: [0, NaN, 0], quaternion: [0, 0, 0, 1] } })],
    ['a string', 'left', withXr({ left: 'grip' })],
  ];
  it.each(dropsController)('drops a controller pose with %s alone', (_name, hand, state) => {
    const { [hand]: _dropped, ...rest } = xr;
    expect(parsePresence(state)).toEqual({ ...parsed, xr: rest });
  });

  it.each<[string, unknown]>([
    ['NaN', NaN],
    ['a string', '0.9'],
    ['Infinity', Infinity],
  ])('drops a cursor height of %s alone: the cursor stays', (_name, z) => {
    const { z: _z, ...flat } = cursor;
    const p = parsePresence({ ...base, cursor: { ...cursor, z } })!;
    expect(p).toEqual({ ...parsed, cursor: flat });
    expect(p.cursor && 'z' in p.cursor).toBe(false);
  });

  it('never throws on hostile values', () => {
    for (const v of [null, undefined, 0, 'x', [], {}, huge, { length: 3 }, Object.create(null) as unknown]) {
      expect(() => parsePresence({ user, view3d: v, xr: v, cursor: v })).not.toThrow();
      expect(() => parsePresence({ user, view3d: { ...view3d, section: v, position: v }, xr: { mode: 'vr', head: v, left: v } })).not.toThrow();
    }
  });
});
