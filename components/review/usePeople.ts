'use client';

import { useEffect, useState } from 'react';
import type { People } from './reviewWrites';

const NOBODY: People = [];

/**
 * The building's members ({id, name}) for @mentions and assignees, from
 * `GET /api/v1/buildings/{id}/people` (any member may read it). Fetched once per building; a
 * refusal (a share-link guest) leaves the list empty.
 */
export function usePeople(buildingId: string, enabled: boolean): People {
  const [people, setPeople] = useState<People>(NOBODY);
  useEffect(() => {
    if (!enabled) return;
    const abort = new AbortController();
    fetch(`/api/v1/buildings/${encodeURIComponent(buildingId)}/people`, { cache: 'no-store', signal: abort.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const body = (await response.json()) as { people: { id: string; name: string }[] };
        setPeople(body.people);
      })
      .catch((error: Error) => {
        if (error.name !== 'AbortError') console.error(`the people of building ${buildingId} could not be read`, error);
      });
    return () => abort.abort();
  }, [buildingId, enabled]);
  return people;
}
