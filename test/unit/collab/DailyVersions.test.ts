/** DailyVersions (SPEC.md rule 24): an automatic version when a changed building's newest version is older than a day. */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DailyVersions } from '@/collab-server/DailyVersions';
import { InMemoryDocumentStore } from '@/lib/db/InMemoryDocumentStore';
import { addElement, addStorey, initBuildingDoc } from '@/lib/doc';

const DAY = 24 * 60 * 60 * 1000;
/** Now: the in-memory store stamps versions with the real clock. */
const T0 = Date.now();
const day = (t: number) => `Daily — ${new Date(t).toISOString().slice(0, 10)}`;
const logger = pino({ level: 'silent' });

function building(createdAt: string): Y.Doc {
  const doc = new Y.Doc();
  initBuildingDoc(doc, { name: 'House', createdAt });
  addStorey(doc, { id: 'L0', name: 'Ground', elevation: 0, height: 3, order: 0 });
  addElement(doc, { id: 'w1', kind: 'wall', storeyId: 'L0', name: 'w1', props: {}, a: [0, 0], b: [4, 0], thickness: 0.2, height: 3 });
  return doc;
}

describe('DailyVersions', () => {
  it('saves one automatic version per day a building changes, with its summary, checking at most hourly', async () => {
    const store = new InMemoryDocumentStore();
    let now = T0;
    const daily = new DailyVersions(store, logger, DAY, async () => {}, () => now);
    const doc = building(new Date(T0 - 3 * DAY).toISOString()); // older than a day, no version yet
    daily.changed('d', doc);
    await daily.idle();
    let versions = await store.listVersions('d');
    expect(versions.map((v) => [v.label, v.kind, v.createdBy, v.summary])).toEqual([[day(T0), 'auto', '@server', { added: 1, removed: 0, changed: 0 }]]);

    // More changes the same day: no new version (and no store read within the hour).
    now += 30 * 60 * 1000;
    daily.changed('d', doc);
    now += 5 * 60 * 60 * 1000;
    daily.changed('d', doc);
    await daily.idle();
    expect(await store.listVersions('d')).toHaveLength(1);

    // A day after the first: the next change saves the next one, summarised against it.
    now = T0 + DAY + 1000;
    addElement(doc, { id: 'w2', kind: 'wall', storeyId: 'L0', name: 'w2', props: {}, a: [0, 2], b: [4, 2], thickness: 0.2, height: 3 });
    // What the server's change rows say of it (SPEC.md rule 24), which the summary counts.
    await store.appendChanges([{ docName: 'd', collection: 'elements', recordId: 'w2', action: 'create', fields: ['a'], userId: 'ada', at: new Date() }]);
    daily.changed('d', doc);
    await daily.idle();
    versions = await store.listVersions('d');
    expect(versions.map((v) => [v.label, v.summary])).toEqual([
      [day(T0 + DAY + 1000), { added: 1, removed: 0, changed: 0 }],
      [day(T0), { added: 1, removed: 0, changed: 0 }],
    ]);
  });

  it('waits a day after a new building was created, and after any other version (a named one counts)', async () => {
    const store = new InMemoryDocumentStore();
    let now = T0;
    const daily = new DailyVersions(store, logger, DAY, async () => {}, () => now);
    const doc = building(new Date(T0 - 60_000).toISOString());
    daily.changed('d', doc);
    await daily.idle();
    expect(await store.listVersions('d')).toEqual([]);
    await store.saveVersion('d', 'v1', Y.encodeStateAsUpdate(doc), 'ada');
    now = T0 + 2 * 60 * 60 * 1000;
    daily.changed('d', doc);
    await daily.idle();
    expect((await store.listVersions('d')).map((v) => v.label)).toEqual(['v1']);
  });

  it('is off at 0', async () => {
    const store = new InMemoryDocumentStore();
    const daily = new DailyVersions(store, logger, 0, async () => {}, () => T0);
    daily.changed('d', building('2020-01-01T00:00:00Z'));
    await daily.idle();
    expect(await store.listVersions('d')).toEqual([]);
  });
});
