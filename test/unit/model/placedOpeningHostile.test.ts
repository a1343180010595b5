/**
 * Records a hostile or racing editor can leave in a document (the collab server does not enforce
 * references, collab-server/validateChange.ts): a window given a position while in a wall, and one
 * in a slab with a position but no rotation. Every reader copes: the model refuses to keep editing
 * them in words, the plan and 3D draw what they can without throwing, and the export skips them
 * with a reason.
 */
import { describe, expect, it } from 'vitest';
import { elementPoints } from '@/components/plan/elementGeometry';
import { shapeOf } from '@/components/scene/geometry';
import { writeIfcReport } from '@/lib/ifc/write';
import { checkElementReferences, createMeta, createStorey, metres, planPoint, type BuildingSnapshot, type Element } from '@/lib/model';

const storey = (() => {
  const made = createStorey({ id: 'l0', name: 'Level 0', order: 0 });
  if (!made.ok) throw new Error(made.error.message);
  return made.value;
})();
const base = { storeyId: 'l0', props: {}, name: '' };
const wall = { ...base, id: 'w1', kind: 'wall', a: planPoint(0, 0), b: planPoint(4, 0), thickness: metres(0.2), height: metres(3) } as Element;
const slab = { ...base, id: 's1', kind: 'slab', polygon: [planPoint(0, 0), planPoint(4, 0), planPoint(4, 4), planPoint(0, 4)], thickness: metres(0.3) } as Element;
const opening = { ...base, kind: 'window', offset: 1, width: 1, height: 1, sill: 1 };
// Raw records as a peer wrote them, not through createElement.
const inWallWithPosition = { ...opening, id: 'k1', hostId: 'w1', position: [1, 1, 0], rotation: 0 } as unknown as Element;
const inSlabWithoutRotation = { ...opening, id: 'k2', hostId: 's1', position: [2, 2, 0] } as unknown as Element;
const all = new Map<string, Element>([wall, slab, inWallWithPosition, inSlabWithoutRotation].map((e) => [e.id, e]));
const lookup = { hasStorey: (id: string) => id === 'l0', getElement: (id: string) => all.get(id) };

describe('half-placed openings a peer wrote', () => {
  it('are named in words when someone edits them', () => {
    expect(checkElementReferences(inWallWithPosition, lookup)).toEqual([{ path: 'position', message: 'A window in a wall is placed along it (by its offset), not by a position' }]);
    expect(checkElementReferences(inSlabWithoutRotation, lookup)).toEqual([{ path: 'position', message: 'A window in a slab needs a position and a rotation' }]);
  });

  it('are drawn by the plan and 3D where they can be, without throwing', () => {
    const ctx = { get: (id: string) => all.get(id), openingsOf: () => [] };
    // Placed by its position (it has both fields), though its host is a wall.
    expect(elementPoints(inWallWithPosition, all)).toHaveLength(4);
    expect(shapeOf(inWallWithPosition, ctx)).not.toBeNull();
    // No rotation: not placed, and its host is no wall: nothing drawn.
    expect(elementPoints(inSlabWithoutRotation, all)).toEqual([]);
    expect(shapeOf(inSlabWithoutRotation, ctx)).toBeNull();
  });

  it('are left out of an export with a reason, the rest written', async () => {
    const meta = createMeta({ name: 'Raced', createdAt: '2026-01-01T00:00:00.000Z' });
    if (!meta.ok) throw new Error(meta.error.message);
    const building: BuildingSnapshot = { meta: meta.value, storeys: { l0: storey }, elements: Object.fromEntries(all), connections: {} };
    const report = await writeIfcReport(building);
    expect(report.skipped).toEqual([
      { id: 'k1', reason: 'A window in a wall is placed along it (by its offset), not by a position' },
      { id: 'k2', reason: 'A window in a slab needs a position and a rotation' },
    ]);
    expect(report.bytes.length).toBeGreaterThan(0);
  });
});
