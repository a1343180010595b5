/** 3D ghosts of a version comparison (issue #17 point 3): the version's records built with the scene's shapes, at their storey's elevation. */
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { buildGhosts } from '@/components/scene/ghosts';
import type { Element } from '@/lib/model';

const wall = { id: 'w1', kind: 'wall', storeyId: 'L1', name: 'w1', props: {}, a: [0, 0], b: [4, 0], thickness: 0.2, height: 3 } as unknown as Element;
const outlet = { id: 'e1', kind: 'equipment', storeyId: 'L0', name: 'Outlet', props: {}, position: [1, 2, 0.3], rotation: 0, system: 'electrical', type: 'outlet', status: 'ok', path: '/electrical/e1' } as unknown as Element;

const box = (g: THREE.BufferGeometry) => {
  g.computeBoundingBox();
  return g.boundingBox!;
};

describe('buildGhosts', () => {
  it('builds a removed wall at its storey’s elevation and a changed element’s old shape where it was', () => {
    const ghosts = buildGhosts(
      [
        { id: 'w1', status: 'removed', record: wall },
        { id: 'e1', status: 'was', record: outlet },
      ],
      new Map([['w1', wall], ['e1', outlet]]),
      (storey) => (storey === 'L1' ? 3 : 0),
    );
    expect(ghosts.map((g) => [g.id, g.status])).toEqual([['w1', 'removed'], ['e1', 'was']]);
    const w = box(ghosts[0]!.geometry);
    // x along the plan's x, y up from the storey's elevation, z = −plan y (the wall is 0.2 m thick about y = 0).
    expect([w.min.x, w.max.x, w.min.y, w.max.y]).toEqual([expect.closeTo(-0, 6), expect.closeTo(4, 6), expect.closeTo(3, 6), expect.closeTo(6, 6)]);
    expect([w.min.z, w.max.z]).toEqual([expect.closeTo(-0.1, 6), expect.closeTo(0.1, 6)]);
    const e = box(ghosts[1]!.geometry);
    const centre = e.getCenter(new THREE.Vector3());
    expect([centre.x, centre.z]).toEqual([expect.closeTo(1, 1), expect.closeTo(-2, 1)]);
  });
});
