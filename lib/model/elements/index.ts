/**
 * The built-in element kinds: one list, and every per-kind table derived from it. Each kind's
 * type, fields, cross-field rule, defaults and migrations live in its own file; adding a kind is
 * that file plus its line in {@link BUILT_IN_KINDS} (lib/model/README.md, "Adding an element kind").
 */
import type { RawRecord } from '../recordMigration';
import type { ModelError, Result } from '../result';
import { createElementRegistry } from './createElementRegistry';
import { doorKind, type Door } from './door';
import { equipmentKind, type Equipment } from './equipment';
import { objectKind, type BuildingObject } from './object';
import { slabKind, type Slab } from './slab';
import { spaceKind, type Space } from './space';
import { wallKind, type Wall } from './wall';
import { windowKind, type Window } from './window';

/** The built-in kinds, in a stable order (the order of {@link ELEMENT_KINDS}). */
export const BUILT_IN_KINDS = [wallKind, spaceKind, doorKind, windowKind, slabKind, equipmentKind, objectKind] as const;

/** The registry of the built-in kinds; the collab server validates against it by default. */
export const ELEMENT_REGISTRY = createElementRegistry(BUILT_IN_KINDS);

/** Any building element. */
export type Element = Wall | Space | Door | Window | Slab | Equipment | BuildingObject;
/** The `kind` discriminator. */
export type ElementKind = Element['kind'];
/** The element type of one kind: `ElementOfKind<'wall'>` is {@link Wall}. */
export type ElementOfKind<K extends ElementKind> = Extract<Element, { kind: K }>;
/** Doors and windows. */
export type Opening = Door | Window;

/** Every element kind, in a stable order. */
export const ELEMENT_KINDS: readonly ElementKind[] = ELEMENT_REGISTRY.kinds;
/** Per-kind defaults used by {@link createElement}. */
export const ELEMENT_DEFAULTS = ELEMENT_REGISTRY.defaults;
/** Per-kind record migrations (append-only lists). */
export const ELEMENT_MIGRATIONS = ELEMENT_REGISTRY.migrations;

/** Type guard for {@link ElementKind}. */
export function isElementKind(value: unknown): value is ElementKind {
  return ELEMENT_REGISTRY.isKind(value);
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
  return ELEMENT_REGISTRY.validate(input) as Result<Element, ModelError>;
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
  return ELEMENT_REGISTRY.validatePatch(existing, patch) as Result<Element, ModelError>;
}

type KindDefinition<K extends ElementKind> = Extract<(typeof BUILT_IN_KINDS)[number], { kind: K }>;
type DefaultedKeys<K extends ElementKind> = keyof KindDefinition<K>['defaults'] | keyof KindDefinition<K>['derivedDefaults'] | 'id';

/** Fields accepted by {@link createElement}: required fields of the kind, defaulted ones optional. */
export type ElementInit<K extends ElementKind> = Omit<ElementOfKind<K>, 'kind' | DefaultedKeys<K>> &
  Partial<Pick<ElementOfKind<K>, Extract<DefaultedKeys<K>, keyof ElementOfKind<K>>>>;

/**
 * Creates a validated element of `kind` from `fields` plus the kind's defaults. A missing `id`
 * gets a random UUID; a missing equipment `path` becomes `/<system>/<id>`.
 */
export function createElement<K extends ElementKind>(kind: K, fields: ElementInit<K>): Result<ElementOfKind<K>, ModelError> {
  return ELEMENT_REGISTRY.create(kind, fields as RawRecord) as Result<ElementOfKind<K>, ModelError>;
}

export type { Wall, Space, Door, Window, Slab, Equipment, BuildingObject };
