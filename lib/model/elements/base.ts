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

/** A user property value: string, finite number or boolean. */
export const propValueSchema = z.union([z.string().max(10_000), z.number(), z.boolean()]);

/** User properties: up to 500 entries with non-empty keys. */
export const propsSchema = z
  .record(z.string().min(1, 'must not be empty').max(200), propValueSchema)
  .refine((p) => Object.keys(p).length <= 500, 'must have at most 500 properties');

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
