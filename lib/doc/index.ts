/**
 * lib/doc: the Yjs binding of the model. Typed reads and validated writes over a Y.Doc laid out
 * as in ARCHITECTURE.md section 2, typed transaction origins, undo scoped to local edits, change
 * events, and schema migration of a doc. Depends on lib/model and yjs only.
 */
export * from './origins';
export * from './docError';
export { getMaps, MAP_NAMES, type BuildingMaps, type CollectionName } from './layout';
export { BuildingTx, type Deleted, type DeleteStoreyOptions } from './BuildingTx';
export { transact } from './transact';
export * from './writers';
export * from './readBuilding';
export * from './initBuildingDoc';
export * from './migrateDoc';
export * from './observe';
export * from './undo';
export * from './presence';
export * from './copyWithoutHistory';
export * from './docEdits';
export * from './importEdits';
export * from './stateEdits';
export * from './review';
export * from './revertEdits';
