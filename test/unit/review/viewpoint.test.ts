/**
 * Review viewpoints <-> the editor's views (components/review/viewpoint.ts): frames, storey
 * filters, and a captured view restored as the same camera, section, storeys and selection.
 */
import { describe, expect, it } from 'vitest';
import { viewpointSchema } from '@/lib/model';
import { filterOfStoreys, hiddenOf, restoreOf, storeysShown, toBuilding, toScene, viewpointOfPlan, viewpointOfScene, visibilityOf, type StoreyInfo } from '@/components/review/viewpoint';

const storeys: StoreyInfo[] = [
  { id: 'L0', order: 0, elevation: 0, height: 3 },
  { id: 'L1', order: 1, elevation: 3, height: 3 },
  { id: 'L2', order: 2, elevation: 6, height: 3 },
];
const close = (a: readonly number[], b: readonly number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 3));

describe('frames', () => {
  it.each([
    [[1, 2, 3], [1, 3, -2]],
    [[0, -4, 0], [0, 0, 4]],
  ])('building %j is %j in the 3D view, and back', (building, scene) => {
    expect(toScene(building)).toEqual(scene);
    expect(toBuilding(scene)).toEqual(building);
  });
});

describe('storey filters', () => {
  it.each([
    ['all', 'L1', undefined],
    ['one', 'L1', ['L1']],
    ['below', 'L1', ['L0', 'L1']],
  ] as const)('%s on %s shows %j', (filter, storeyId, shown) => {
    expect(storeysShown(filter, storeyId, storeys)).toEqual(shown);
  });

  it.each([
    [undefined, 'L2', { filter: 'all', storeyId: 'L2' }],
    [['L1'], 'L0', { filter: 'one', storeyId: 'L1' }],
    [['L0', 'L1', 'L2'], 'L0', { filter: 'below', storeyId: 'L2' }],
    [['L0', 'L2'], 'L0', { filter: 'all', storeyId: 'L0' }],
    [['gone'], 'L1', { filter: 'all', storeyId: 'L1' }],
  ] as const)('storeys %j (anchor on %s) are shown as %j', (ids, fallback, expected) => {
    expect(filterOfStoreys(ids, storeys, fallback)).toEqual(expected);
  });
});

describe('capture and restore', () => {
  it('a 3D view is a perspective viewpoint that restores to the same eye, line of sight, section and storeys', () => {
    const view = { position: [10, 8, 12], target: [2, 1, -1.5], up: [0, 1, 0], fov: 50, aspect: 1.5, section: { point: [0, 1.2, 0], normal: [0, -1, 0] }, storeys: 'one' } as const;
    const captured = viewpointOfScene(view, { storeyId: 'L1', storeys, selected: ['room'] });
    const viewpoint = viewpointSchema.parse({ id: 'v1', ...captured });
    expect(viewpoint.camera.kind).toBe('perspective');
    expect(viewpoint.camera.position).toEqual([10, -12, 8]);
    // The section keeps what is below the cut: BCF's direction points up, at what is cut away.
    expect(viewpoint.planes).toEqual([{ location: [0, 0, 1.2], direction: [0, 0, 1] }]);
    expect(viewpoint.storeys).toEqual(['L1']);

    const restored = restoreOf(viewpoint, { storeys, anchor: { storeyId: 'L1', point: [2, 1.5, 1] } });
    expect(restored.needs3d).toBe(true);
    expect(restored.storeyId).toBe('L1');
    expect(restored.selected).toEqual(['room']);
    close(restored.scene.position, view.position);
    const sight = (p: readonly number[], t: readonly number[]) => {
      const d = [t[0]! - p[0]!, t[1]! - p[1]!, t[2]! - p[2]!];
      const n = Math.hypot(...d);
      return d.map((x) => x / n);
    };
    close(sight(restored.scene.position, restored.scene.target), sight(view.position, view.target));
    expect(restored.scene.section).toEqual({ point: [0, 1.2, 0], normal: [0, -1, 0] });
    expect(restored.scene.storeys).toBe('one');
  });

  it('the plan is a top-down orthographic viewpoint over its visible area that restores to the same plan view', () => {
    const captured = viewpointOfPlan({ x: 3, y: 2, zoom: 50 }, { width: 800, height: 500 }, storeys[1]!, ['w1']);
    const viewpoint = viewpointSchema.parse({ id: 'v2', ...captured });
    expect(viewpoint.camera).toEqual({ kind: 'orthogonal', position: [3, 2, 7], direction: [0, 0, -1], up: [0, 1, 0], scale: 10, aspect: 1.6 });
    expect(viewpoint.storeys).toEqual(['L1']);
    const restored = restoreOf(viewpoint, { storeys });
    expect(restored).toMatchObject({ storeyId: 'L1', selected: ['w1'], plan: { x: 3, y: 2, height: 10 }, needs3d: false });
    // In 3D: straight down at the storey's floor, from as high as shows 10 m.
    close(restored.scene.target, [3, 3, -2]);
    expect(restored.scene.position[1]).toBeGreaterThan(3 + 10);
  });

  it('a viewpoint without section planes turns the section off', () => {
    const viewpoint = viewpointSchema.parse({ id: 'v3', camera: { kind: 'perspective', position: [0, 0, 5], direction: [1, 0, 0], up: [0, 0, 1], fov: 60, aspect: 1 }, planes: [], selected: [], hidden: [] });
    expect(restoreOf(viewpoint, { storeys }).scene.section).toBeNull();
  });
});

describe('hidden elements in a viewpoint', () => {
  const ids = (n: number, prefix = 'e') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);

  it('names the hidden elements of the model (not ids that are gone), and a viewpoint hides them again', () => {
    const all = ids(10);
    const v = visibilityOf(new Set(['e00003', 'e00001', 'gone']), all);
    expect(v).toEqual({ hidden: ['e00001', 'e00003'] });
    expect(viewpointSchema.safeParse({ id: 'v', camera: { kind: 'perspective', position: [0, 0, 5], direction: [1, 0, 0], up: [0, 0, 1], fov: 60, aspect: 1 }, planes: [], selected: [], ...v }).success).toBe(true);
    expect(hiddenOf(v, all)).toEqual(['e00001', 'e00003']);
    expect(visibilityOf(new Set(), all)).toEqual({ hidden: [] });
  });

  it('an isolation (more than 1,000 hidden) is kept as the visible ones, as BCF’s DefaultVisibility=false, and restored as every other element hidden', () => {
    const all = ids(5_000);
    const shown = new Set(['e00007', 'e04999']);
    const v = visibilityOf(new Set(all.filter((id) => !shown.has(id))), all);
    expect(v).toEqual({ hidden: [], visible: ['e00007', 'e04999'] });
    // Elements made since are hidden too (the viewpoint shows only what it names).
    const restored = hiddenOf(v, [...all, 'new']);
    expect(restored).toHaveLength(4_999);
    expect(restored).toContain('new');
    expect(restored).not.toContain('e00007');
  });

  it('a view that shows only elements of another model (none of its visible ones here) hides nothing rather than everything', () => {
    const all = ids(10);
    expect(hiddenOf({ hidden: [], visible: [] }, all)).toEqual([]);
    expect(hiddenOf({ hidden: [], visible: ['elsewhere-1', 'elsewhere-2'] }, all)).toEqual([]);
    expect(hiddenOf({ hidden: [], visible: ['elsewhere-1', 'e00004'] }, all)).toHaveLength(9);
  });

  it('when neither list fits, keeps the first 1,000 hidden and says so', () => {
    const all = ids(25_000);
    const v = visibilityOf(new Set(all.slice(0, 12_000)), all);
    expect(v.truncated).toBe(true);
    expect(v.hidden).toHaveLength(1_000);
    expect(v.visible).toBeUndefined();
  });
});
