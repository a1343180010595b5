import { describe, expect, it } from 'vitest';
import { buildPaste, CLIPBOARD_FORMAT, parsePayload, payloadToText, serialiseSelection } from '@/components/editor/clipboard';
import { planVector, type Door, type Slab, type Wall, type Window } from '@/lib/model';
import { building, elementsOf } from './fixtures';

function withDoor() {
  const b = building();
  const wall = b.wall(b.ground.id, [0, 0], [4, 0]) as Wall;
  const door = b.add('door', { storeyId: b.ground.id, name: 'Front door', hostId: wall.id } as never) as Door;
  const other = b.wall(b.ground.id, [0, 2], [4, 2]) as Wall;
  return { ...b, wall, door, other };
}

describe('clipboard payloads', () => {
  it('round-trips a selection through text, with its format marker and version', () => {
    const { readModel, wall, other } = withDoor();
    const payload = serialiseSelection([wall, other], readModel.elements);
    const text = payloadToText(payload);
    expect(JSON.parse(text)).toMatchObject({ format: CLIPBOARD_FORMAT, version: 1 });
    const parsed = parsePayload(text);
    expect(parsed.ok && parsed.value).toEqual(payload);
  });

  it('takes the doors and windows of a copied wall along, after their wall, with where they are', () => {
    const { readModel, wall, door } = withDoor();
    const payload = serialiseSelection([wall], readModel.elements);
    expect(payload.elements.map((e) => e.id)).toEqual([wall.id, door.id]);
    expect(payload.openingCentres[door.id]).toEqual([0.45, 0]);
  });

  it('pastes with fresh ids, moved by the offset, onto the target storey, the doors re-hosted on the pasted walls', () => {
    const { readModel, wall, door, upper } = withDoor();
    const payload = serialiseSelection([wall], readModel.elements);
    const plan = buildPaste(payload, { storeyId: upper.id, offset: planVector(1, 1), walls: [], slabs: [] });
    if (!plan.ok) throw new Error(plan.error.message);
    const [newWall, newDoor] = plan.value.elements as [Wall, Door];
    expect(plan.value.skipped).toBe(0);
    expect(newWall.id).not.toBe(wall.id);
    expect(newDoor.id).not.toBe(door.id);
    expect(newWall).toMatchObject({ kind: 'wall', storeyId: upper.id, a: [1, 1], b: [5, 1], thickness: wall.thickness });
    expect(newDoor).toMatchObject({ kind: 'door', storeyId: upper.id, hostId: newWall.id, offset: door.offset, width: door.width, name: 'Front door' });
    // Two pastes of one payload make different ids.
    const again = buildPaste(payload, { storeyId: upper.id, offset: planVector(1, 1), walls: [], slabs: [] });
    expect(again.ok && again.value.elements.map((e) => e.id)).not.toEqual(plan.value.elements.map((e) => e.id));
  });

  it('pastes a door copied without its wall onto a wall under it, and skips it when there is none', () => {
    const { readModel, door, upper, wall: _w } = withDoor();
    void _w;
    const payload = serialiseSelection([door], readModel.elements);
    const target = { id: 'w-upper', kind: 'wall', storeyId: upper.id, name: '', props: {}, a: [-2, 0], b: [6, 0], thickness: 0.2, height: 3 } as unknown as Wall;
    const onWall = buildPaste(payload, { storeyId: upper.id, offset: planVector(0, 0), walls: [target], slabs: [] });
    if (!onWall.ok) throw new Error(onWall.error.message);
    expect(onWall.value.elements).toHaveLength(1);
    // Its centre stays at x = 0.45: 2.45 m along a wall that starts at x = -2.
    expect(onWall.value.elements[0]).toMatchObject({ kind: 'door', hostId: 'w-upper', offset: 2 });
    const nowhere = buildPaste(payload, { storeyId: upper.id, offset: planVector(0, 5), walls: [target], slabs: [] });
    expect(nowhere.ok && nowhere.value).toEqual({ elements: [], skipped: 1 });
  });

  it('takes the roof windows of a copied slab along, moved with it; one copied alone lands in a slab under it, else is skipped', () => {
    const b = building();
    const square = (x: number, y: number, size: number) => [[x, y], [x + size, y], [x + size, y + size], [x, y + size]];
    const roof = b.add('slab', { storeyId: b.ground.id, name: 'Roof', polygon: square(0, 0, 4), thickness: 0.3 } as never) as Slab;
    const skylight = b.add('window', { storeyId: b.ground.id, name: 'Skylight', hostId: roof.id, position: [2, 2, 0.2], rotation: 0.3 } as never) as Window;
    const payload = serialiseSelection([roof], b.readModel.elements);
    expect(payload.elements.map((e) => e.id)).toEqual([roof.id, skylight.id]);
    expect(payload.openingCentres[skylight.id]).toEqual([2, 2]);
    const plan = buildPaste(payload, { storeyId: b.upper.id, offset: planVector(10, 0), walls: [], slabs: [] });
    if (!plan.ok) throw new Error(plan.error.message);
    const [newRoof, newSkylight] = plan.value.elements as [Slab, Window];
    expect(newSkylight).toMatchObject({ kind: 'window', storeyId: b.upper.id, hostId: newRoof.id, position: [12, 2, 0.2], rotation: 0.3, width: skylight.width });

    const alone = serialiseSelection([skylight], b.readModel.elements);
    const other = { ...roof, id: 's-upper', storeyId: b.upper.id, polygon: square(10, 0, 4) } as unknown as Slab;
    const inOther = buildPaste(alone, { storeyId: b.upper.id, offset: planVector(10, 0), walls: [], slabs: [other] });
    expect(inOther.ok && inOther.value.elements[0]).toMatchObject({ kind: 'window', hostId: 's-upper', position: [12, 2, 0.2] });
    const nowhere = buildPaste(alone, { storeyId: b.upper.id, offset: planVector(20, 0), walls: [], slabs: [other] });
    expect(nowhere.ok && nowhere.value).toEqual({ elements: [], skipped: 1 });
  });

  it('gives pasted equipment a path of its own', () => {
    const b = building();
    const outlet = b.add('equipment', { storeyId: b.ground.id, name: 'Outlet', system: 'electrical', type: 'outlet', position: [1, 1, 0.3] } as never);
    const plan = buildPaste(serialiseSelection([outlet], b.readModel.elements), { storeyId: b.ground.id, offset: planVector(1, 0), walls: [], slabs: [] });
    if (!plan.ok) throw new Error(plan.error.message);
    const [copy] = plan.value.elements;
    expect(copy).toMatchObject({ kind: 'equipment', position: [2, 1, 0.3] });
    expect((copy as { path: string }).path).not.toBe((outlet as { path: string }).path);
    expect(elementsOf(b.readModel)).toHaveLength(1); // building a paste writes nothing
  });

  it.each([
    ['text that is not JSON', 'hello', 'The clipboard holds no ArxOS elements to paste.'],
    ['JSON from elsewhere', JSON.stringify({ kind: 'figma', nodes: [] }), 'The clipboard holds no ArxOS elements to paste.'],
    ['a payload from another version', JSON.stringify({ format: CLIPBOARD_FORMAT, version: 99, elements: [] }), 'These elements were copied from a different version of ArxOS (clipboard version 99) and cannot be pasted here.'],
    ['a damaged element', JSON.stringify({ format: CLIPBOARD_FORMAT, version: 1, elements: [{ kind: 'wall', id: 'x' }] }), 'The copied elements are damaged and cannot be pasted.'],
    ['elements that are not a list', JSON.stringify({ format: CLIPBOARD_FORMAT, version: 1, elements: 'walls' }), 'The copied elements are damaged and cannot be pasted.'],
  ])('refuses %s with a message', (_what, text, message) => {
    expect(parsePayload(text)).toEqual({ ok: false, error: { message } });
  });
});
