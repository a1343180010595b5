/**
 * The element kinds as one discriminated union on `kind`, with validation, patching and
 * creation with defaults. Each kind's type, validator, defaults and migrations live in its file.
 */
import { z } from 'zod';
import { newId } from '../ids';
import { mergePatch, isRecord } from '../patch';
import { PATH_SEGMENT_PATTERN } from '../paths';
import type { RawRecord, RecordMigration } from '../recordMigration';
import { err, modelError, type ModelError, type Result } from '../result';
import { parseWith } from '../validate';
import { defaultDoor, doorMigrations, doorSchema, type Door } from './door';
import { defaultEquipment, equipmentMigrations, equipmentSchema, type Equipment } from './equipment';
import { defaultObject, objectMigrations, objectSchema, type BuildingObject } from './object';
import { defaultSlab, slabMigrations, slabSchema, type Slab } from './slab';
import { defaultSpace, spaceMigrations, spaceSchema, type Space } from './space';
import { defaultWall, wallMigrations, wallSchema, type Wall } from './wall';
import { defaultWindow, windowMigrations, windowSchema, type Window } from './window';

/** Any building element. */
export type Element = Wall | Space | Door | Window | Slab | Equipment | BuildingObject;
/** The `kind` discriminator. */
export type ElementKind = Element['kind'];
/** The element type of one kind: `ElementOfKind<'wall'>` is {@link Wall}. */
export type ElementOfKind<K extends ElementKind> = Extract<Element, { kind: K }>;
/** Doors and windows. */
export type Opening = Door | Window;

/** Every element kind, in a stable order. */
export const ELEMENT_KINDS = ['wall', 'space', 'door', 'window', 'slab', 'equipment', 'object'] as const satisfies readonly ElementKind[];

/** Per-kind validators. */
export const ELEMENT_SCHEMAS = {
  wall: wallSchema,
  space: spaceSchema,
  door: doorSchema,
  window: windowSchema,
  slab: slabSchema,
  equipment: equipmentSchema,
  object: objectSchema,
} as const;

/** Per-kind defaults used by {@link createElement}. */
export const ELEMENT_DEFAULTS = {
  wall: defaultWall,
  space: defaultSpace,
  door: defaultDoor,
  window: defaultWindow,
  slab: defaultSlab,
  equipment: defaultEquipment,
  object: defaultObject,
} as const;

/** Per-kind record migrations (append-only lists). */
export const ELEMENT_MIGRATIONS: Readonly<Record<ElementKind, readonly RecordMigration[]>> = {
  wall: wallMigrations,
  space: spaceMigrations,
  door: doorMigrations,
  window: windowMigrations,
  slab: slabMigrations,
  equipment: equipmentMigrations,
  object: objectMigrations,
};

/** Validator for any element (discriminated on `kind`). Prefer {@link validateElement} for messages. */
export const elementSchema = z.discriminatedUnion('kind', [
  wallSchema,
  spaceSchema,
  doorSchema,
  windowSchema,
  slabSchema,
  equipmentSchema,
  objectSchema,
]);

/** Type guard for {@link ElementKind}. */
export function isElementKind(value: unknown): value is ElementKind {
  return typeof value === 'string' && (ELEMENT_KINDS as readonly string[]).includes(value);
}

/** True for doors and windows. */
export function isOpening(element: Element): element is Opening {
  return element.kind === 'door' || element.kind === 'window';
}

/**
 * Validates unknown input as an {@link Element}. Messages name the kind and field, e.g.
 * `wall.thickness: must be greater than 0`.
 */
export function validateElement(input: unknown): Result<Element, ModelError> {
  if (!isRecord(input)) return err(modelError('invalid_element', 'element', [{ path: '', message: 'must be an object' }]));
  if (!isElementKind(input.kind)) {
    const message =
      input.kind === undefined ? 'is required' : `must be one of ${ELEMENT_KINDS.map((k) => `"${k}"`).join(', ')}`;
    return err(modelError('invalid_element', 'element', [{ path: 'kind', message }]));
  }
  return parseWith(ELEMENT_SCHEMAS[input.kind], input, 'invalid_element', input.kind) as Result<Element, ModelError>;
}

/** A partial update of an element: any fields of one kind except `id` and `kind`. */
export type ElementPatch = {
  [K in ElementKind]: Partial<Omit<ElementOfKind<K>, 'id' | 'kind'>>;
}[ElementKind];

/**
 * Applies `patch` to `existing` and validates the result. `id` and `kind` are immutable (a patch
 * may repeat them unchanged). A key set to `undefined` removes an optional field (`ifc`, `asset`).
 * `existing` may be a raw record, so a patch can repair an invalid stored record.
 */
export function validateElementPatch(existing: Readonly<RawRecord>, patch: unknown): Result<Element, ModelError> {
  const label = typeof existing.kind === 'string' ? existing.kind : 'element';
  const merged = mergePatch(existing, patch, label, ['id', 'kind']);
  return merged.ok ? validateElement(merged.value) : merged;
}

type DefaultedKeys<K extends ElementKind> = keyof (typeof ELEMENT_DEFAULTS)[K] | 'id' | (K extends 'equipment' ? 'path' : never);

/** Fields accepted by {@link createElement}: required fields of the kind, defaulted ones optional. */
export type ElementInit<K extends ElementKind> = Omit<ElementOfKind<K>, 'kind' | DefaultedKeys<K>> &
  Partial<Pick<ElementOfKind<K>, Extract<DefaultedKeys<K>, keyof ElementOfKind<K>>>>;

/**
 * Creates a validated element of `kind` from `fields` plus the kind's defaults. A missing `id`
 * gets a random UUID; a missing equipment `path` becomes `/<system>/<id>`.
 */
export function createElement<K extends ElementKind>(kind: K, fields: ElementInit<K>): Result<ElementOfKind<K>, ModelError> {
  const input: RawRecord = { ...ELEMENT_DEFAULTS[kind], ...(fields as RawRecord), kind };
  if (input.id === undefined) input.id = newId();
  if (kind === 'equipment' && input.path === undefined && typeof input.id === 'string' && PATH_SEGMENT_PATTERN.test(input.id)) {
    input.path = `/${String(input.system)}/${input.id}`;
  }
  return validateElement(input) as Result<ElementOfKind<K>, ModelError>;
}

export type { Wall, Space, Door, Window, Slab, Equipment, BuildingObject };
