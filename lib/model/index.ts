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
export { EQUIPMENT_STATUSES, type EquipmentStatus } from './elements/equipment';
export { MAX_POLYGON_POINTS } from './elements/space';
export { isPlacedOpening, placedOpeningOutline, type OpeningFields, type PlacedOpeningFields } from './elements/opening';
export * from './elements/defineElementKind';
export * from './elements/createElementRegistry';
export * from './defineRecordType';
export * from './validateRecordField';
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
export * from './roomAreas';
export * from './defaultEquipmentPath';
export * from './joints';
export * from './review';
