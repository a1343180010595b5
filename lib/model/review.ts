/**
 * The review document's records (ARCHITECTURE.md section 2; issue #17): threads pinned to an
 * element or a point on a storey, each with a full viewpoint, their comments, and the issue
 * fields BCF has (type, status, priority, assignee, due date, labels, stage), shaped so that a
 * thread is a BCF topic, a comment a BCF comment and a viewpoint a BCF viewpoint (lib/bcf).
 *
 * Coordinates are the building's: plan x/y and z up, metres (the frame an imported IFC model
 * had, i.e. BCF's world frame). Ids are lowercase UUIDs (BCF GUIDs).
 */
import { z } from 'zod';
import { defineRecordType, type RecordType } from './defineRecordType';
import { idSchema } from './ids';
import type { ModelError, Result } from './result';

const vector = z.tuple([z.number(), z.number(), z.number()]).refine((v) => v.every(Number.isFinite), 'must be finite numbers');
const unit = vector.refine((v) => Math.hypot(...v) > 1e-9, 'must not be the zero vector');
const isoDateTime = z.iso.datetime({ offset: true });
const idList = (max: number) => z.array(idSchema).max(max);
/** An IFC GlobalId: 22 characters of IFC's base64. */
export const ifcGuidSchema = z.string().regex(/^[0-9A-Za-z_$]{22}$/, 'must be an IFC GlobalId (22 characters)');

/** A viewpoint's camera: where it is, where it looks, which way is up. */
export const cameraSchema = z.strictObject({
  kind: z.enum(['perspective', 'orthogonal']),
  position: vector,
  direction: unit,
  up: unit,
  /** Vertical field of view in degrees (perspective). */
  fov: z.number().gt(0).lt(180).optional(),
  /** Height of the visible area in metres (orthogonal). */
  scale: z.number().positive().optional(),
  /** Width / height of the view. */
  aspect: z.number().positive().max(100),
});

/** Everything needed to show what someone saw: camera, section planes, visible storeys, selection, hidden elements, snapshot. */
export const viewpointSchema = z.strictObject({
  id: idSchema,
  camera: cameraSchema,
  /** Section planes: a point on the plane and the normal pointing at what is cut away. */
  planes: z.array(z.strictObject({ location: vector, direction: unit })).max(6),
  /** Storeys shown (all when absent). */
  storeys: idList(200).optional(),
  /** Elements selected, and hidden (by id), at most 1,000 each as BCF advises. */
  selected: idList(1_000),
  hidden: idList(1_000),
  /** When given, only these elements are shown (BCF `DefaultVisibility="false"` with exceptions); `hidden` is then empty. */
  visible: idList(10_000).optional(),
  /** Components named by IFC GlobalId that match no element (an imported BCF's), kept. */
  selectedIfc: z.array(ifcGuidSchema).max(1_000).optional(),
  hiddenIfc: z.array(ifcGuidSchema).max(1_000).optional(),
  visibleIfc: z.array(ifcGuidSchema).max(10_000).optional(),
  /** sha256 of the snapshot image (an asset). */
  snapshot: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 digest').optional(),
});

/** A comment on a thread. */
export const commentType = defineRecordType({
  label: 'comment',
  code: 'invalid_comment',
  shape: {
    id: idSchema,
    /** User id of the author (a member), or `bcf:<name>` for an imported comment's author. */
    author: z.string().min(1).max(200),
    authorName: z.string().max(200),
    text: z.string().trim().min(1, 'must not be empty').max(10_000),
    createdAt: isoDateTime,
    editedAt: isoDateTime.optional(),
    /** Members @mentioned (user ids). */
    mentions: idList(50),
    viewpoint: viewpointSchema.optional(),
  },
  immutable: ['id', 'author', 'createdAt'],
});

/** A comment (a BCF comment). */
export type Comment = z.output<typeof commentType.schema>;
/** A viewpoint (a BCF viewpoint). */
export type Viewpoint = z.output<typeof viewpointSchema>;

export const THREAD_STATUSES = ['open', 'resolved'] as const;
export const THREAD_PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;

/** A thread (a BCF topic); its comments are a nested map keyed by comment id. */
export const threadType = defineRecordType({
  label: 'thread',
  code: 'invalid_thread',
  shape: {
    id: idSchema,
    title: z.string().trim().min(1, 'must not be empty').max(200),
    description: z.string().max(10_000).optional(),
    status: z.enum(THREAD_STATUSES),
    /** BCF TopicType, free text (`Issue`, `Clash`, `Request`…). */
    type: z.string().min(1).max(100),
    priority: z.string().min(1).max(100).optional(),
    /** User id of the member it is assigned to (or an imported `bcf:<email>`). */
    assignee: z.string().min(1).max(200).optional(),
    /** YYYY-MM-DD. */
    dueDate: z.iso.date().optional(),
    labels: z.array(z.string().min(1).max(100)).max(20),
    stage: z.string().min(1).max(100).optional(),
    /** What it is pinned to: an element (by id, and IfcGuid when it has one) and/or a point on a storey. */
    anchor: z
      .strictObject({ elementId: idSchema.optional(), ifcGuid: ifcGuidSchema.optional(), storeyId: idSchema.optional(), position: vector.optional() })
      .refine((a) => a.elementId !== undefined || a.position !== undefined || a.ifcGuid !== undefined, 'must name an element or a point'),
    viewpoint: viewpointSchema.optional(),
    /** Further viewpoints of the topic (an imported BCF topic can have several). */
    moreViewpoints: z.array(viewpointSchema).max(50).optional(),
    createdBy: z.string().min(1).max(200),
    createdByName: z.string().max(200),
    createdAt: isoDateTime,
    resolvedBy: z.string().min(1).max(200).optional(),
    resolvedAt: isoDateTime.optional(),
    comments: z.record(idSchema, commentType.schema).refine((c) => Object.keys(c).length <= 10_000, 'must have at most 10,000 comments'),
  },
  crossField: {
    reads: ['status', 'resolvedAt', 'resolvedBy', 'comments'],
    check(thread, report) {
      if (thread.status === 'open' && (thread.resolvedAt !== undefined || thread.resolvedBy !== undefined)) report('status', 'an open thread has no resolvedAt or resolvedBy');
      for (const [id, comment] of Object.entries(thread.comments)) if (comment.id !== id) report('comments', `comment ${id} must have the id of its key`);
    },
  },
  immutable: ['id', 'createdBy', 'createdAt'],
}) satisfies RecordType;

/** A thread. */
export type Thread = z.output<typeof threadType.schema>;

/** Validates unknown input as a {@link Thread}; messages look like `thread.title: must not be empty`. */
export function validateThread(input: unknown): Result<Thread, ModelError> {
  return threadType.validate(input);
}

/** Validates unknown input as a {@link Comment}. */
export function validateComment(input: unknown): Result<Comment, ModelError> {
  return commentType.validate(input);
}

/**
 * User ids @mentioned in `text` among `members`: `@Name` by display name, case-insensitive, not
 * inside a word or an email address; where names overlap (`@Ada Lovelace`), the longest wins.
 */
export function mentionsIn(text: string, members: readonly { id: string; name: string }[]): string[] {
  const found = new Set<string>();
  const taken = new Set<number>();
  const lower = text.toLowerCase();
  const word = /[\p{L}\p{N}_.]/u;
  for (const m of [...members].sort((a, b) => b.name.trim().length - a.name.trim().length)) {
    const name = m.name.trim().toLowerCase();
    if (name === '') continue;
    for (let at = lower.indexOf(`@${name}`); at !== -1; at = lower.indexOf(`@${name}`, at + 1)) {
      const before = lower[at - 1];
      const after = lower[at + 1 + name.length];
      if (taken.has(at) || (before !== undefined && word.test(before)) || (after !== undefined && /[\p{L}\p{N}_]/u.test(after))) continue;
      found.add(m.id);
      taken.add(at);
    }
  }
  return [...found].sort();
}
