/** lib/bcf/threads: ArxOS review threads ⇄ BCF topics (issue #17 point 6), table-driven where it decides. */
import { describe, expect, it } from 'vitest';
import { readBcf } from '@/lib/bcf/read';
import { bcfToThreads, threadsToBcf, type ExportLookups, type ImportLookups } from '@/lib/bcf/threads';
import { bcfVector, type BcfArchive, type BcfTopic } from '@/lib/bcf/types';
import { writeBcf } from '@/lib/bcf/write';
import { validateThread, type Thread } from '@/lib/model';
import { tinyPng } from './bcfHelpers';

const T = '0f7a2f0c-5e4b-4d6a-9c1e-3b2a1d0e9f8a';
const V = '7d1e2c3b-4a59-4687-a7b6-c5d4e3f2a1b0';
const C = '8e2f3d4c-5b6a-4798-b8c7-d6e5f4a3b2c1';
const GUID_W1 = '2O2Fr$t4X7Zf8NOew3FLOH';
const GUID_ASSEMBLY = '1XbKhGD91DvhOpYZbhzGTI';

const importLookups = (): ImportLookups & { stored: Uint8Array[] } => {
  const stored: Uint8Array[] = [];
  let n = 0;
  return {
    stored,
    elementsByIfcGuid: (g) => (g === GUID_W1 ? ['w1'] : g === GUID_ASSEMBLY ? ['part-1', 'part-2'] : []),
    hasElement: (id) => ['w1', 'w9', 'part-1', 'part-2'].includes(id),
    personByEmail: (email) => (email === 'ada@example.com' ? { id: 'u-ada', name: 'Ada' } : undefined),
    storeSnapshot: (bytes) => {
      stored.push(bytes);
      return 'a'.repeat(64);
    },
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  };
};

function topic(patch: Partial<BcfTopic> = {}): BcfTopic {
  return {
    guid: T,
    type: 'Issue',
    status: 'Open',
    title: 'Fire door missing',
    labels: [],
    creationDate: '2026-12-01T10:00:00Z',
    creationAuthor: 'ada@example.com',
    referenceLinks: [],
    relatedTopics: [],
    documentReferences: [],
    headerFiles: [],
    comments: [],
    viewpoints: [
      {
        guid: V,
        camera: { kind: 'perspective', position: bcfVector(1, 2, 3), direction: bcfVector(0, 1, 0), up: bcfVector(0, 0, 1), fieldOfView: 60, aspectRatio: 1.5 },
        components: { selection: [{ ifcGuid: GUID_W1 }], visibility: { defaultVisibility: true, exceptions: [] }, coloring: [] },
        clippingPlanes: [{ location: bcfVector(0, 0, 1), direction: bcfVector(0, 0, 1) }],
        lines: [],
        bitmaps: [],
        snapshot: { bytes: tinyPng(), mime: 'image/png' },
      },
    ],
    ...patch,
  };
}
const archive = (...topics: BcfTopic[]): BcfArchive => ({ version: '3.0', topics });
const importer = { id: 'u-imp', name: 'Importer' };

describe('bcfToThreads', () => {
  it('makes a valid thread: anchor, viewpoint with up vector, snapshot stored, a member author by email', () => {
    const lookups = importLookups();
    const { threads, counts, unresolved } = bcfToThreads(archive(topic()), importer, lookups, new Set());
    expect(counts).toEqual({ topics: 1, comments: 0, viewpoints: 1 });
    expect(unresolved).toEqual([]);
    const [t] = threads;
    expect(validateThread(t).ok).toBe(true);
    expect(t).toMatchObject({ id: T, createdBy: 'u-ada', createdByName: 'Ada', status: 'open', anchor: { elementId: 'w1' } });
    expect(t!.viewpoint).toMatchObject({ id: V, camera: { kind: 'perspective', position: [1, 2, 3], up: [0, 0, 1], fov: 60, aspect: 1.5 }, selected: ['w1'], planes: [{ location: [0, 0, 1], direction: [0, 0, 1] }], snapshot: 'a'.repeat(64) });
    expect(lookups.stored).toHaveLength(1);
  });

  it.each([
    ['Open', 'open'],
    ['OPEN', 'open'],
    ['IN_PROGRESS', 'open'],
    ['Active', 'open'],
    ['Closed', 'resolved'],
    ['CLOSED', 'resolved'],
    ['Resolved', 'resolved'],
    ['SOLVED', 'resolved'],
    ['done', 'resolved'],
  ])('status %s is %s', (status, expected) => {
    const [t] = bcfToThreads(archive(topic({ status })), importer, importLookups(), new Set()).threads;
    expect(t!.status).toBe(expected);
    expect(validateThread(t).ok).toBe(true);
  });

  it('resolves an assembly GlobalId to its parts, an ArxOS AuthoringToolId to its element, and lists the rest', () => {
    const vp = topic().viewpoints[0]!;
    const t = topic({
      viewpoints: [{ ...vp, components: { selection: [{ ifcGuid: GUID_ASSEMBLY }, { authoringToolId: 'w9', originatingSystem: 'ArxOS' }, { ifcGuid: '3D9pjHJ0HCnggyepvsht8s' }, { authoringToolId: '1234', originatingSystem: 'Revit' }], visibility: { defaultVisibility: false, exceptions: [{ ifcGuid: GUID_W1 }] }, coloring: [] } }],
    });
    const { threads, unresolved } = bcfToThreads(archive(t), importer, importLookups(), new Set());
    expect(threads[0]!.viewpoint).toMatchObject({ selected: ['part-1', 'part-2', 'w9'], selectedIfc: ['3D9pjHJ0HCnggyepvsht8s'], visible: ['w1'], hidden: [] });
    expect(unresolved).toEqual([{ topic: T, title: 'Fire door missing', components: ['1234', '3D9pjHJ0HCnggyepvsht8s'] }]);
  });

  it('keeps a non-member author by name, gives a taken GUID a new id, fills an empty title and comment, and links a comment’s viewpoint', () => {
    const t = topic({ title: ' ', creationAuthor: 'someone@elsewhere.org', comments: [{ guid: C, date: '2026-12-02T08:00:00', author: 'ada@example.com', text: '', viewpointGuid: V }] });
    const { threads, counts } = bcfToThreads(archive(t), importer, importLookups(), new Set([T]));
    const [thread] = threads;
    expect(validateThread(thread).ok).toBe(true);
    expect(thread).toMatchObject({ title: '(untitled)', createdBy: 'bcf:someone@elsewhere.org', createdByName: 'someone@elsewhere.org' });
    expect(thread!.id).not.toBe(T);
    expect(thread!.viewpoint).toBeUndefined();
    expect(Object.values(thread!.comments)).toEqual([expect.objectContaining({ id: C, author: 'u-ada', text: '(no text)', viewpoint: expect.objectContaining({ id: V }) })]);
    expect(counts).toEqual({ topics: 1, comments: 1, viewpoints: 1 });
  });
});

describe('threadsToBcf', () => {
  const lookups: ExportLookups = {
    ifcGuidOf: (id) => (id === 'w1' ? GUID_W1 : undefined),
    personOf: (id) => ({ 'u-ada': 'ada@example.com' })[id] ?? id,
    snapshotOf: () => ({ bytes: tinyPng(), mime: 'image/png' }),
    guidOf: (id) => id,
  };

  it('round-trips through both BCF versions: title, status, comments, camera with up vector, components by IfcGuid', () => {
    const [thread] = bcfToThreads(archive(topic({ status: 'Closed', modifiedDate: '2026-12-03T10:00:00Z', comments: [{ guid: C, date: '2026-12-02T08:00:00Z', author: 'ada@example.com', text: 'Wall < 2 m & "A"' }] })), importer, importLookups(), new Set()).threads;
    for (const version of ['3.0', '2.1'] as const) {
      const written = threadsToBcf([thread as Thread], version, lookups, { id: 'b1', name: 'House' });
      const read = readBcf(writeBcf(written, version));
      const [again] = bcfToThreads(read, importer, importLookups(), new Set()).threads;
      expect(again).toMatchObject({ id: T, title: thread!.title, status: 'resolved', createdBy: 'u-ada' });
      expect(Object.values(again!.comments).map((c) => c.text)).toEqual(['Wall < 2 m & "A"']);
      expect(again!.viewpoint!.camera.up).toEqual([0, 0, 1]);
      expect(again!.viewpoint!.selected).toEqual(['w1']);
      expect(read.topics[0]!.viewpoints[0]!.components.selection).toEqual([{ ifcGuid: GUID_W1, originatingSystem: 'ArxOS', authoringToolId: 'w1' }]);
    }
  });

  it('keeps what a view hides through both versions: an isolation (only w1 visible) as DefaultVisibility=false, and a reply’s own view hiding w9', () => {
    const [base] = bcfToThreads(archive(topic()), importer, importLookups(), new Set()).threads;
    const R = '9f3a4e5d-6c7b-48a9-b9d8-e7f6a5b4c3d2';
    const RV = 'a04b5f6e-7d8c-49ba-8ae9-f8a7b6c5d4e3';
    const thread: Thread = {
      ...base!,
      viewpoint: { ...base!.viewpoint!, hidden: [], visible: ['w1'] },
      comments: {
        [R]: { id: R, author: 'u-ada', authorName: 'Ada', text: 'Without the other wall', createdAt: '2026-12-02T09:00:00.000Z', mentions: [], viewpoint: { ...base!.viewpoint!, id: RV, selected: [], hidden: ['w9'] } },
      },
    };
    expect(validateThread(thread).ok).toBe(true);
    for (const version of ['3.0', '2.1'] as const) {
      const read = readBcf(writeBcf(threadsToBcf([thread], version, lookups, { id: 'b1', name: 'House' }), version));
      const own = read.topics[0]!.viewpoints.find((v) => v.guid !== RV)!;
      expect(own.components.visibility.defaultVisibility, version).toBe(false);
      const [again] = bcfToThreads(read, importer, importLookups(), new Set()).threads;
      expect(again!.viewpoint).toMatchObject({ hidden: [], visible: ['w1'] });
      expect(again!.comments[R]!.viewpoint).toMatchObject({ id: RV, hidden: ['w9'] });
      expect(again!.comments[R]!.viewpoint!.visible).toBeUndefined();
    }
  });
});
