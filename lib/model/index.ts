/**
 * lib/model: the domain core. Pure TypeScript; depends on nothing but zod.
 * See ARCHITECTURE.md section 2 for the document layout these types describe.
 */
export * from './units';
export * from './result';
export { parseWith, toModelIssues } from './validate';
export { idSchema, newId } from './ids';
export { isRecord, mergePatch } from './patch';
export * from './systems';
export * from './paths';
export * from './geometry';
export type { RawRecord, RecordMigration } from './recordMigration';
export * from './elements';
export * from './elements/base';
export { wallSchema, defaultWall, wallMigrations } from './elements/wall';
export { spaceSchema, defaultSpace, spaceMigrations, polygonSchema, MAX_POLYGON_POINTS } from './elements/space';
export { doorSchema, defaultDoor, doorMigrations } from './elements/door';
export { windowSchema, defaultWindow, windowMigrations } from './elements/window';
export { slabSchema, defaultSlab, slabMigrations } from './elements/slab';
export { equipmentSchema, defaultEquipment, equipmentMigrations, EQUIPMENT_STATUSES, type EquipmentStatus } from './elements/equipment';
export { objectSchema, defaultObject, objectMigrations } from './elements/object';
export type { OpeningFields } from './elements/opening';
export * from './storey';
export * from './connection';
export * from './meta';
export * from './building';
export * from './migrations';
export * from './translateElement';
export * from './diff';
export * from './snapping';
export * from './roomDetection';
export * from './rotateElement';
