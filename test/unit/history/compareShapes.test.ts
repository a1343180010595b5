/** compareShapes: what a version comparison draws on the plan (issue #17 point 3). */
import { describe, expect, it } from 'vitest';
import { compareShapes } from '@/components/history/compareShapes';
import type { Element } from '@/lib/model';

const wall = (id: string, x: number, extra: Record<string, unknown> = {}) => ({ id, kind: 'wall', storeyId: 'L0', name: id, props: {}, a: [x, 0], b: [x, 4], thickness: 0.2, height: 3, ...extra }) as unknown as Element;
const room = { id: 'r1', kind: 'space', storeyId: 'L0', name: 'Room', props: {}, polygon: [[0, 0], [4, 0], [4, 4]], number: '1', usage: '' } as unknown as Element;
const door = { id: 'd1', kind: 'door', storeyId: 'L0', name: 'Door', props: {}, hostId: 'w1', offset: 1, width: 1, height: 2, sill: 0 } as unknown as Element;
const outlet = { id: 'e1', kind: 'equipment', storeyId: 'L1', name: 'Outlet', props: {}, position: [1, 1, 0.3], rotation: 0, system: 'electrical', type: 'outlet', status: 'ok', path: '/electrical/e1' } as unknown as Element;

describe('compareShapes', () => {
  const now = new Map<string, Element>([
    ['w1', wall('w1', 0, { b: [0, 5] })],
    ['w2', wall('w2', 3)],
    ['d1', door],
  ]);
  const diff = {
    elements: {
      added: [{ id: 'w2' }],
      removed: [{ id: 'r1', record: room }, { id: 'e1', record: outlet }],
      changed: [{ id: 'w1', before: wall('w1', 0) }],
    },
  };

  it('draws the changed wall’s old outline, what went, what came and what changed, on the storey shown only', () => {
    expect(compareShapes(diff, now, 'L0')).toEqual([
      { id: 'w1', status: 'was', kind: 'line', a: [0, 0], b: [0, 4], width: 0.2 },
      { id: 'r1', status: 'removed', kind: 'polygon', points: [[0, 0], [4, 0], [4, 4]] },
      { id: 'w2', status: 'added', kind: 'line', a: [3, 0], b: [3, 4], width: 0.2 },
      { id: 'w1', status: 'changed', kind: 'line', a: [0, 0], b: [0, 5], width: 0.2 },
    ]);
    expect(compareShapes(diff, now, 'L1')).toEqual([{ id: 'e1', status: 'removed', kind: 'marker', at: [1, 1] }]);
  });

  it('places a door on its wall: the version’s wall for a removed door, today’s for an added one', () => {
    const shapes = compareShapes({ elements: { added: [{ id: 'd1' }], removed: [], changed: [] } }, now, 'L0');
    expect(shapes).toEqual([{ id: 'd1', status: 'added', kind: 'line', a: [0, 1], b: [0, 2], width: expect.closeTo(0.32, 9) as unknown as number }]);
    expect(compareShapes({ elements: { added: [], removed: [{ id: 'd9', record: { ...door, id: 'd9', hostId: 'gone' } }], changed: [] } }, now, 'L0')).toEqual([]);
  });

  it('outlines a removed roof window where it was in its slab, without a wall', () => {
    const skylight = { id: 'k1', kind: 'window', storeyId: 'L0', name: 'Skylight', props: {}, hostId: 's1', offset: 0, width: 2, height: 1, sill: 0, position: [5, 5, 0.2], rotation: 0 } as unknown as Element;
    expect(compareShapes({ elements: { added: [], removed: [{ id: 'k1', record: skylight }], changed: [] } }, now, 'L0')).toEqual([
      { id: 'k1', status: 'removed', kind: 'polygon', points: [[4, 4.5], [6, 4.5], [6, 5.5], [4, 5.5]] },
    ]);
  });
});
