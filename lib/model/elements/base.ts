/** Fields every element kind shares, and the zod pieces for them. */
import { z } from 'zod';
import { idSchema } from '../ids';

/** A user property value. */
export type PropValue = string | number | boolean;

/** Link back to the IFC entity an element was imported from. */
export interface IfcRef {
  /** IFC GlobalId (22 characters, base64-like). */
  readonly globalId: string;
  /** IFC entity type, e.g. `IfcWallStandardCase`. */
  readonly type: string;
}

/** Fields common to every element. */
export type ElementBase = {
  /** Stable id, unique in the building. Immutable. */
  readonly id: string;
  /** Storey the element belongs to. */
  readonly storeyId: string;
  /** Display name (may be empty). */
  readonly name: string;
  /** Free-form user properties. */
  readonly props: Readonly<Record<string, PropValue>>;
  /** Source IFC entity, when imported. */
  readonly ifc?: IfcRef;
  /** sha256 (lower-case hex) of the element's content-addressed geometry asset, if any. */
  readonly asset?: string;
};

/** sha256 digest as 64 lower-case hex characters. */
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 digest (64 lower-case hex characters)');

/** Limits of user properties. */
export const PROPS_LIMITS = { entries: 500, keyLength: 200, stringLength: 10_000 } as const;

/** A user property value: string, finite number or boolean. */
export const propValueSchema = z.union([z.string().max(PROPS_LIMITS.stringLength), z.number(), z.boolean()]);

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return typeof value;
}

/**
 * The issues of a props value, or none. A hand-written check rather than a zod record of a union:
 * an imported element carries dozens of properties (duplex.ifc: 12,456 over 236 elements) and
 * zod's generic record walk cost more than the rest of the element's validation together.
 */
export function propsIssues(value: unknown): { path: string; message: string }[] {
  if (value === undefined) return [{ path: '', message: 'is required' }];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ path: '', message: `must be an object, got ${describeValue(value)}` }];
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return [{ path: '', message: 'must be an object, got object' }];
  const issues: { path: string; message: string }[] = [];
  const keys = Object.keys(value);
  if (keys.length > PROPS_LIMITS.entries) issues.push({ path: '', message: `must have at most ${PROPS_LIMITS.entries} properties` });
  for (const key of keys) {
    if (key.length === 0) {
      issues.push({ path: '', message: 'has a property with an empty name' });
      continue;
    }
    if (key.length > PROPS_LIMITS.keyLength) {
      issues.push({ path: '', message: `has a property name longer than ${PROPS_LIMITS.keyLength} characters` });
      continue;
    }
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'string') {
      if (v.length > PROPS_LIMITS.stringLength) issues.push({ path: key, message: `must be at most ${PROPS_LIMITS.stringLength} characters` });
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) issues.push({ path: key, message: 'must be a finite number' });
    } else if (typeof v !== 'boolean') {
      issues.push({ path: key, message: v === undefined ? 'is required' : `must be a string, a number or a boolean, got ${describeValue(v)}` });
    }
  }
  return issues;
}

/** User properties: up to 500 entries, names of 1–200 characters, values as {@link propValueSchema}. */
export const propsSchema = z.custom<Readonly<Record<string, PropValue>>>().superRefine((value, ctx) => {
  for (const issue of propsIssues(value)) ctx.addIssue({ code: 'custom', path: issue.path === '' ? [] : [issue.path], message: issue.message, input: value });
});

/** {@link IfcRef}. */
export const ifcRefSchema = z.strictObject({
  globalId: z.string().min(1).max(64),
  type: z.string().min(1).max(128),
});

/** Display names: at most 200 characters. */
export const nameSchema = z.string().max(200);

/** zod shape of {@link ElementBase}, spread into each kind's strict object. */
export const elementBaseShape = {
  id: idSchema,
  storeyId: idSchema,
  name: nameSchema,
  props: propsSchema,
  ifc: ifcRefSchema.optional(),
  asset: sha256Schema.optional(),
};

/** Defaults shared by every kind. */
export const baseDefaults = { props: {} as Readonly<Record<string, PropValue>> };
