/**
 * Typed transaction origins. Every write to a building doc names who/what made it:
 * - `local`: a user action in this process (the only origin undo tracks);
 * - `remote`: an update received from another peer (providers, the server's fan-out);
 * - `load`: state loaded from storage (IndexedDB, Postgres);
 * - `migration`: a schema migration run on load;
 * - `import`: bulk data brought in (IFC import, seed, restore).
 *
 * Origins are class instances so Y.UndoManager can track a whole kind by constructor
 * (`trackedOrigins: new Set([LocalOrigin])`) while still carrying per-user data.
 */

/** The five origin kinds. */
export type OriginKind = 'local' | 'remote' | 'load' | 'migration' | 'import';

/** Common shape of every origin. */
export abstract class BuildingOrigin {
  abstract readonly kind: OriginKind;
}

/** A user action in this process. `userId` is informational (audit, presence). */
export class LocalOrigin extends BuildingOrigin {
  readonly kind = 'local' as const;
  constructor(readonly userId?: string) {
    super();
  }
}

/** An update from another peer; `peer` may name the connection or instance. */
export class RemoteOrigin extends BuildingOrigin {
  readonly kind = 'remote' as const;
  constructor(readonly peer?: string) {
    super();
  }
}

/** State loaded from storage. */
export class LoadOrigin extends BuildingOrigin {
  readonly kind = 'load' as const;
}

/** A schema migration. */
export class MigrationOrigin extends BuildingOrigin {
  readonly kind = 'migration' as const;
}

/** A bulk import (IFC, seed, version restore). */
export class ImportOrigin extends BuildingOrigin {
  readonly kind = 'import' as const;
}

/** One frozen shared instance per kind, for callers that need no extra data. */
export const ORIGIN = Object.freeze({
  local: Object.freeze(new LocalOrigin()),
  remote: Object.freeze(new RemoteOrigin()),
  load: Object.freeze(new LoadOrigin()),
  migration: Object.freeze(new MigrationOrigin()),
  import: Object.freeze(new ImportOrigin()),
});

/** The kind of a known origin, or `undefined` for anything else (a provider, an UndoManager, null). */
export function originKind(origin: unknown): OriginKind | undefined {
  return origin instanceof BuildingOrigin ? origin.kind : undefined;
}

/**
 * The kind to report for a transaction: its typed origin if it has one, otherwise `local` for
 * transactions made in this process (e.g. undo/redo) and `remote` for applied updates.
 */
export function transactionOriginKind(origin: unknown, local: boolean): OriginKind {
  return originKind(origin) ?? (local ? 'local' : 'remote');
}
