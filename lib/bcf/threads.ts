/**
 * ArxOS review threads ⇄ BCF topics (issue #17 point 6). Pure: the caller supplies the lookups
 * (elements by id and by IfcGuid, people by id and by email, snapshot images by hash) and stores
 * what comes back. ArxOS's building frame (plan x, y, z up, metres) is BCF's world frame.
 *
 * - thread ⇄ topic (id = Guid), comment ⇄ comment, the thread's viewpoint, its further viewpoints
 *   and each comment's viewpoint ⇄ the topic's viewpoints (a comment keeps its link).
 * - status: `resolved` ⇄ `Closed` (read: closed, resolved, solved, done, in any case; anything
 *   else is open); type, priority, labels, stage, due date, description as they are.
 * - components: an element is written by its IfcGuid (when it has one) with its ArxOS id as
 *   AuthoringToolId; read back by IfcGuid (an assembly's GlobalId names all its parts), else by an
 *   ArxOS AuthoringToolId; what matches nothing is kept on the viewpoint and listed.
 * - people: written by email (else name); read back as the member with that email, else
 *   `bcf:<author>`.
 */
import type { Comment, Thread, Viewpoint } from '../model';
import { bcfVector, type BcfArchive, type BcfCamera, type BcfComment, type BcfComponent, type BcfTopic, type BcfVersion, type BcfViewpoint } from './types';

/** What the writer needs to know about the building. */
export interface ExportLookups {
  /** The IfcGuid of an element, if it has one (undefined also for an element that no longer exists). */
  ifcGuidOf(elementId: string): string | undefined;
  /** How a person is named in BCF (their email), by user id. */
  personOf(userId: string): string;
  /** A snapshot image by its hash. */
  snapshotOf(hash: string): { bytes: Uint8Array; mime: 'image/png' | 'image/jpeg' } | undefined;
  /** A thread id as a BCF GUID (a lowercase UUID). */
  guidOf(id: string): string;
}

/** Threads as a BCF archive of `version`. */
export function threadsToBcf(threads: readonly Thread[], version: BcfVersion, lookups: ExportLookups, project?: { id: string; name: string }): BcfArchive {
  const topics = threads.map((t): BcfTopic => {
    const viewpoints: BcfViewpoint[] = [];
    const add = (v: Viewpoint | undefined) => {
      if (v !== undefined && !viewpoints.some((w) => w.guid === lookups.guidOf(v.id))) viewpoints.push(viewpointToBcf(v, lookups));
    };
    add(t.viewpoint);
    for (const v of t.moreViewpoints ?? []) add(v);
    const comments = Object.values(t.comments).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    for (const c of comments) add(c.viewpoint);
    return {
      guid: lookups.guidOf(t.id),
      type: t.type,
      status: t.status === 'resolved' ? 'Closed' : 'Open',
      title: t.title,
      ...(t.priority === undefined ? {} : { priority: t.priority }),
      labels: t.labels,
      creationDate: t.createdAt,
      creationAuthor: lookups.personOf(t.createdBy),
      ...(t.resolvedAt === undefined ? {} : { modifiedDate: t.resolvedAt, modifiedAuthor: lookups.personOf(t.resolvedBy ?? t.createdBy) }),
      ...(t.dueDate === undefined ? {} : { dueDate: `${t.dueDate}T00:00:00Z` }),
      ...(t.assignee === undefined ? {} : { assignedTo: lookups.personOf(t.assignee) }),
      ...(t.stage === undefined ? {} : { stage: t.stage }),
      ...(t.description === undefined ? {} : { description: t.description }),
      referenceLinks: [],
      relatedTopics: [],
      documentReferences: [],
      headerFiles: [],
      comments: comments.map((c): BcfComment => ({
        guid: lookups.guidOf(c.id),
        date: c.createdAt,
        author: lookups.personOf(c.author),
        text: c.text,
        ...(c.viewpoint === undefined ? {} : { viewpointGuid: lookups.guidOf(c.viewpoint.id) }),
        ...(c.editedAt === undefined ? {} : { modifiedDate: c.editedAt, modifiedAuthor: lookups.personOf(c.author) }),
      })),
      viewpoints,
    };
  });
  const used = (pick: (t: BcfTopic) => (string | undefined)[]) => [...new Set(topics.flatMap(pick).filter((x): x is string => x !== undefined))].sort();
  return {
    version,
    ...(project === undefined ? {} : { project: { id: lookups.guidOf(project.id), name: project.name } }),
    extensions: {
      topicTypes: used((t) => [t.type]),
      topicStatuses: ['Closed', 'Open'],
      priorities: used((t) => [t.priority]),
      topicLabels: used((t) => [...t.labels]),
      users: used((t) => [t.creationAuthor, t.assignedTo, ...t.comments.map((c) => c.author)]),
      snippetTypes: [],
      stages: used((t) => [t.stage]),
    },
    topics,
  };
}

function viewpointToBcf(v: Viewpoint, lookups: ExportLookups): BcfViewpoint {
  const component = (id: string): BcfComponent => {
    const ifcGuid = lookups.ifcGuidOf(id);
    return { ...(ifcGuid === undefined ? {} : { ifcGuid }), originatingSystem: 'ArxOS', authoringToolId: id };
  };
  const byGuid = (ifcGuid: string): BcfComponent => ({ ifcGuid });
  const vec = (p: readonly [number, number, number]) => bcfVector(p[0], p[1], p[2]);
  const { camera } = v;
  const base = { position: vec(camera.position), direction: vec(camera.direction), up: vec(camera.up), aspectRatio: camera.aspect };
  const bcfCamera: BcfCamera =
    camera.kind === 'orthogonal' ? { ...base, kind: 'orthogonal', viewToWorldScale: camera.scale ?? 10 } : { ...base, kind: 'perspective', fieldOfView: camera.fov ?? 60 };
  const isolate = v.visible !== undefined;
  const snapshot = v.snapshot === undefined ? undefined : lookups.snapshotOf(v.snapshot);
  return {
    guid: lookups.guidOf(v.id),
    camera: bcfCamera,
    components: {
      selection: [...v.selected.map(component), ...(v.selectedIfc ?? []).map(byGuid)],
      visibility: {
        defaultVisibility: !isolate,
        exceptions: isolate ? [...(v.visible ?? []).map(component), ...(v.visibleIfc ?? []).map(byGuid)] : [...v.hidden.map(component), ...(v.hiddenIfc ?? []).map(byGuid)],
      },
      coloring: [],
    },
    clippingPlanes: v.planes.map((p) => ({ location: vec(p.location), direction: vec(p.direction) })),
    lines: [],
    bitmaps: [],
    ...(snapshot === undefined ? {} : { snapshot }),
  };
}

/** What the reader needs to know about the building. */
export interface ImportLookups {
  /** Elements with this IfcGuid (several: the parts of an assembly), or none. */
  elementsByIfcGuid(guid: string): readonly string[];
  /** Whether an element with this ArxOS id exists. */
  hasElement(id: string): boolean;
  /** The member with this email, if any. */
  personByEmail(email: string): { id: string; name: string } | undefined;
  /** Stores a snapshot image and returns its hash. */
  storeSnapshot(bytes: Uint8Array, mime: string): string;
  /** A new id (UUID) for a viewpoint or comment whose GUID is taken. */
  newId(): string;
}

/** What an import made and what it could not resolve. */
export interface BcfThreads {
  threads: Thread[];
  counts: { topics: number; comments: number; viewpoints: number };
  /** Components (by IfcGuid or AuthoringToolId) that match no element, per topic. */
  unresolved: { topic: string; title: string; components: string[] }[];
}

const RESOLVED = /^(closed|resolved|solved|done)$/i;

/** BCF topics as threads, started by `importer` (the person importing) unless the file names a member. */
export function bcfToThreads(archive: BcfArchive, importer: { id: string; name: string }, lookups: ImportLookups, taken: ReadonlySet<string>): BcfThreads {
  const threads: Thread[] = [];
  const unresolved: BcfThreads['unresolved'] = [];
  let comments = 0;
  let viewpoints = 0;
  const ids = new Set(taken);
  const fresh = (guid: string) => {
    const id = ids.has(guid) ? lookups.newId() : guid;
    ids.add(id);
    return id;
  };
  const person = (author: string | undefined) => {
    const who = (author ?? '').trim();
    const member = who === '' ? undefined : lookups.personByEmail(who.toLowerCase());
    if (member) return member;
    return who === '' ? { id: importer.id, name: importer.name } : { id: `bcf:${who.slice(0, 190)}`, name: who.slice(0, 200) };
  };
  for (const topic of archive.topics) {
    const missing = new Set<string>();
    const byGuid = new Map<string, Viewpoint>();
    const toViewpoint = (v: BcfViewpoint): Viewpoint | undefined => {
      if (v.camera === undefined && v.snapshot === undefined) return undefined;
      const resolve = (components: readonly BcfComponent[]) => {
        const ids: string[] = [];
        const guids: string[] = [];
        for (const c of components) {
          const found = c.ifcGuid === undefined ? [] : lookups.elementsByIfcGuid(c.ifcGuid);
          if (found.length > 0) ids.push(...found);
          else if (c.authoringToolId !== undefined && /^arxos$/i.test(c.originatingSystem ?? '') && lookups.hasElement(c.authoringToolId)) ids.push(c.authoringToolId);
          else {
            if (c.ifcGuid !== undefined && /^[0-9A-Za-z_$]{22}$/.test(c.ifcGuid)) guids.push(c.ifcGuid);
            const name = c.ifcGuid ?? c.authoringToolId;
            if (name !== undefined) missing.add(name);
          }
        }
        return { ids: [...new Set(ids)].slice(0, 1_000), guids: [...new Set(guids)].slice(0, 1_000) };
      };
      const selected = resolve(v.components.selection);
      const exceptions = resolve(v.components.visibility.exceptions);
      const isolate = !v.components.visibility.defaultVisibility;
      const c = v.camera;
      const tuple = (p: { x: number; y: number; z: number }): [number, number, number] => [p.x, p.y, p.z];
      const camera = c === undefined
        ? { kind: 'perspective' as const, position: [0, 0, 10] as [number, number, number], direction: [0, 0, -1] as [number, number, number], up: [0, 1, 0] as [number, number, number], fov: 60, aspect: 1 }
        : { kind: c.kind, position: tuple(c.position), direction: tuple(c.direction), up: tuple(c.up), ...(c.kind === 'perspective' ? { fov: Math.min(179, Math.max(1, c.fieldOfView)) } : { scale: c.viewToWorldScale > 0 ? c.viewToWorldScale : 10 }), aspect: c.aspectRatio !== undefined && c.aspectRatio > 0 && c.aspectRatio <= 100 ? c.aspectRatio : 1 };
      const snapshot = v.snapshot === undefined ? undefined : lookups.storeSnapshot(v.snapshot.bytes, v.snapshot.mime);
      viewpoints++;
      return {
        id: fresh(v.guid),
        camera,
        planes: v.clippingPlanes.slice(0, 6).map((p) => ({ location: tuple(p.location), direction: tuple(p.direction) })),
        selected: selected.ids,
        hidden: isolate ? [] : exceptions.ids,
        ...(isolate ? { visible: exceptions.ids } : {}),
        ...(selected.guids.length > 0 ? { selectedIfc: selected.guids } : {}),
        ...(!isolate && exceptions.guids.length > 0 ? { hiddenIfc: exceptions.guids } : {}),
        ...(isolate && exceptions.guids.length > 0 ? { visibleIfc: exceptions.guids } : {}),
        ...(snapshot === undefined ? {} : { snapshot }),
      };
    };
    for (const v of topic.viewpoints) {
      const converted = toViewpoint(v);
      if (converted) byGuid.set(v.guid, converted);
    }
    const linked = new Set(topic.comments.flatMap((c) => (c.viewpointGuid === undefined ? [] : [c.viewpointGuid])));
    const own = topic.viewpoints.filter((v) => byGuid.has(v.guid) && !linked.has(v.guid)).map((v) => byGuid.get(v.guid)!);
    const starter = person(topic.creationAuthor);
    const threadComments: Record<string, Comment> = {};
    for (const c of topic.comments) {
      const author = person(c.author);
      const id = fresh(c.guid);
      const viewpoint = c.viewpointGuid === undefined ? undefined : byGuid.get(c.viewpointGuid);
      threadComments[id] = {
        id,
        author: author.id,
        authorName: author.name,
        text: c.text.trim() === '' ? '(no text)' : c.text.slice(0, 10_000),
        createdAt: isoOr(c.date, topic.creationDate),
        ...(c.modifiedDate === undefined ? {} : { editedAt: isoOr(c.modifiedDate, c.date) }),
        mentions: [],
        ...(viewpoint === undefined ? {} : { viewpoint }),
      };
      comments++;
    }
    // A comment's viewpoint counted once even if it is linked twice.
    const first = own[0] ?? [...byGuid.values()][0];
    const anchorIds = first?.selected ?? [];
    const anchorGuid = first?.selectedIfc?.[0] ?? topic.viewpoints.flatMap((v) => v.components.selection).find((c) => c.ifcGuid !== undefined && /^[0-9A-Za-z_$]{22}$/.test(c.ifcGuid))?.ifcGuid;
    const resolved = RESOLVED.test(topic.status.trim());
    const assignee = topic.assignedTo === undefined || topic.assignedTo.trim() === '' ? undefined : person(topic.assignedTo);
    const id = fresh(topic.guid);
    const thread: Thread = {
      id,
      title: topic.title.trim() === '' ? '(untitled)' : topic.title.trim().slice(0, 200),
      ...(topic.description === undefined || topic.description === '' ? {} : { description: topic.description.slice(0, 10_000) }),
      status: resolved ? 'resolved' : 'open',
      type: (topic.type.trim() || 'Issue').slice(0, 100),
      ...(topic.priority === undefined || topic.priority.trim() === '' ? {} : { priority: topic.priority.trim().slice(0, 100) }),
      ...(assignee === undefined ? {} : { assignee: assignee.id }),
      ...(topic.dueDate === undefined ? {} : { dueDate: dateOnly(topic.dueDate) }),
      labels: [...new Set(topic.labels.map((l) => l.trim().slice(0, 100)).filter((l) => l !== ''))].slice(0, 20),
      ...(topic.stage === undefined || topic.stage.trim() === '' ? {} : { stage: topic.stage.trim().slice(0, 100) }),
      anchor: anchorIds[0] !== undefined ? { elementId: anchorIds[0], ...(anchorGuid === undefined ? {} : { ifcGuid: anchorGuid }) } : anchorGuid !== undefined ? { ifcGuid: anchorGuid } : { position: first?.camera.position ?? [0, 0, 0] },
      ...(own[0] === undefined ? {} : { viewpoint: own[0] }),
      ...(own.length > 1 ? { moreViewpoints: own.slice(1, 51) } : {}),
      createdBy: starter.id,
      createdByName: starter.name,
      createdAt: isoOr(topic.creationDate, undefined),
      ...(resolved ? { resolvedBy: person(topic.modifiedAuthor ?? topic.creationAuthor).id, resolvedAt: isoOr(topic.modifiedDate ?? topic.creationDate, undefined) } : {}),
      comments: threadComments,
    };
    if (thread.dueDate === undefined) delete (thread as { dueDate?: string }).dueDate;
    threads.push(thread);
    if (missing.size > 0) unresolved.push({ topic: id, title: thread.title, components: [...missing].sort() });
  }
  return { threads, counts: { topics: threads.length, comments, viewpoints }, unresolved };
}

/** An ISO 8601 date-time with offset for a BCF date (which may lack one), else `fallback`, else now. */
function isoOr(date: string | undefined, fallback: string | undefined): string {
  for (const d of [date, fallback]) {
    if (d === undefined) continue;
    const t = Date.parse(d);
    if (Number.isFinite(t)) return new Date(t).toISOString();
  }
  return new Date().toISOString();
}

function dateOnly(date: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(date.trim());
  return match?.[1];
}
