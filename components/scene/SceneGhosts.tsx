'use client';

import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import type { Element } from '@/lib/model';
import type { SceneController } from './SceneController';
import { buildGhosts, type Ghost } from './ghosts';

const MATERIAL = {
  removed: new THREE.MeshBasicMaterial({ color: 0xdc2626, transparent: true, opacity: 0.35, depthWrite: false }),
  was: new THREE.MeshBasicMaterial({ color: 0xd97706, transparent: true, opacity: 0.12, depthWrite: false }),
};
const EDGES = {
  removed: new THREE.LineBasicMaterial({ color: 0xb91c1c }),
  was: new THREE.LineBasicMaterial({ color: 0x92400e }),
};

/** A version comparison's ghosts in 3D: removed elements red, the old shape of changed ones outlined amber; on shown storeys only. */
export function SceneGhosts({ ghosts, controller, shownKey }: { ghosts: readonly Ghost[]; controller: SceneController; shownKey: string }) {
  const meshes = useMemo(() => {
    const records = new Map<string, Element>(ghosts.map((g) => [g.id, g.record]));
    const built = buildGhosts(ghosts, records, (storeyId) => controller.storeyElevation(storeyId));
    return built.map((g) => ({ ...g, edges: new THREE.EdgesGeometry(g.geometry, 20), storeyId: records.get(g.id)!.storeyId }));
  }, [ghosts, controller]);
  useEffect(
    () => () => {
      for (const m of meshes) {
        m.geometry.dispose();
        m.edges.dispose();
      }
    },
    [meshes],
  );
  void shownKey; // re-rendered when the storey filter changes
  return (
    <group name="compare-ghosts">
      {meshes
        .filter((m) => controller.storeyShown(m.storeyId))
        .map((m) => (
          <group key={`${m.status}-${m.id}`} name={`ghost-${m.status}-${m.id}`}>
            <mesh geometry={m.geometry} material={MATERIAL[m.status]} renderOrder={2} />
            <lineSegments geometry={m.edges} material={EDGES[m.status]} renderOrder={3} />
          </group>
        ))}
    </group>
  );
}
