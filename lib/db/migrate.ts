import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** Default migrations folder, `prisma/migrations` (Prisma's layout: `<timestamp>_<name>/migration.sql`). */
export function defaultMigrationsDir(): string {
  return fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
}

/** The advisory lock key `prisma migrate deploy` takes, so that it and this runner exclude each other. */
export const MIGRATION_LOCK_KEY = 72707369;

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** Folder of migrations; default `prisma/migrations` of this repository. */
  migrationsDir?: string;
  /** How long to wait for another process's migration lock, in ms; default 60 000. */
  lockTimeoutMs?: number;
  /** Progress and warnings; default silent. */
  log?: (message: string) => void;
}

/** What {@link migrate} did. */
export interface MigrateResult {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Migrations that were already applied. */
  alreadyApplied: string[];
}

/** A migration found on disk. */
export interface MigrationFile {
  name: string;
  sql: string;
  /** sha256 hex of the file's bytes, as Prisma computes it. */
  checksum: string;
}

/**
 * Applies pending migrations in name order, each in its own transaction, and records them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (same table, columns, checksums and
 * advisory lock), so the two can take turns on one database. Idempotent; safe to call from
 * several processes at once.
 *
 * Refuses to run (throws, before applying anything) when an applied migration's file changed,
 * or when the table records a failed migration that has not been resolved.
 *
 * Migrations must be transactional (no `CREATE INDEX CONCURRENTLY`, no `ALTER TYPE ... ADD VALUE`
 * used in the same file).
 *
 * @param target a connection string (a connection is opened and closed), or a connected `pg`
 *   client (left open; must not be inside a transaction).
 */
export async function migrate(target: string | pg.ClientBase, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = await readMigrations(options.migrationsDir ?? defaultMigrationsDir());
  const client = typeof target === 'string' ? new pg.Client({ connectionString: target }) : target;
  if (typeof target === 'string') await (client as pg.Client).connect();
  try {
    await acquireLock(client, options.lockTimeoutMs ?? 60_000);
    try {
      return await applyPending(client, migrations, options.log ?? (() => {}));
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    if (typeof target === 'string') await (client as pg.Client).end();
  }
}

/** Reads `<dir>/<name>/migration.sql` for every subfolder, sorted by name. */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((cause: unknown) => {
    throw new Error(`migrate: cannot read migrations folder ${dir}`, { cause });
  });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(path.join(dir, name, 'migration.sql')).catch((cause: unknown) => {
        throw new Error(`migrate: migration folder ${name} has no readable migration.sql`, { cause });
      });
      return { name, sql: bytes.toString('utf8'), checksum: sha256(bytes) };
    }),
  );
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

async function applyPending(client: pg.ClientBase, migrations: MigrationFile[], log: (m: string) => void): Promise<MigrateResult> {
  await client.query(CREATE_MIGRATIONS_TABLE);
  const { rows } = await client.query<AppliedRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at, logs FROM "_prisma_migrations" ORDER BY started_at',
  );
  const failed = rows.filter((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed.length > 0) {
    throw new Error(
      `migrate: migration ${failed.map((r) => r.migration_name).join(', ')} failed earlier and is unresolved ` +
        `(_prisma_migrations row without finished_at). Fix the database by hand, then mark it with ` +
        `\`prisma migrate resolve --rolled-back <name>\` or delete the row. Logs: ${failed[0]!.logs ?? '(none)'}`,
    );
  }
  const applied = new Map(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => [r.migration_name, r]));
  const byName = new Map(migrations.map((m) => [m.name, m]));
  for (const row of applied.values()) {
    const file = byName.get(row.migration_name);
    if (!file) log(`migrate: warning: ${row.migration_name} is applied to the database but missing from the migrations folder`);
    else if (!checksumMatches(file, row.checksum)) {
      throw new Error(
        `migrate: migration ${row.migration_name} was modified after it was applied (checksum ${row.checksum} in ` +
          `the database, ${file.checksum} on disk). Applied migrations are append-only: restore the file and add a new migration.`,
      );
    }
  }

  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  for (const migration of migrations) {
    if (applied.has(migration.name) || !(await applyOne(client, migration))) {
      result.alreadyApplied.push(migration.name);
      continue;
    }
    result.applied.push(migration.name);
    log(`migrate: applied ${migration.name}`);
  }
  return result;
}

/** Applies one migration in a transaction; false if another runner applied it meanwhile. */
async function applyOne(client: pg.ClientBase, migration: MigrationFile): Promise<boolean> {
  await client.query('BEGIN');
  try {
    // Re-checked inside the transaction: on the embedded server all connections share one
    // session, so the advisory lock excludes nothing there; its serialised transactions do.
    const done = await client.query(
      'SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL',
      [migration.name],
    );
    if (done.rowCount) {
      await client.query('COMMIT');
      return false;
    }
    const id = randomUUID();
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
      [id, migration.checksum, migration.name],
    );
    await client.query(migration.sql);
    await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
    await client.query('COMMIT');
    return true;
  } catch (cause) {
    await client.query('ROLLBACK');
    throw new Error(`migrate: migration ${migration.name} failed and was rolled back: ${(cause as Error).message}`, { cause });
  }
}

async function acquireLock(client: pg.ClientBase, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK_KEY]);
    if (rows[0]?.locked) return;
    if (Date.now() > deadline) {
      throw new Error(`migrate: another process has held the migration lock (advisory lock ${MIGRATION_LOCK_KEY}) for over ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Like Prisma, tolerate a checkout that converted the file's line endings. */
function checksumMatches(file: MigrationFile, recorded: string): boolean {
  return (
    recorded === file.checksum ||
    recorded === sha256(file.sql.replace(/\r\n/g, '\n')) ||
    recorded === sha256(file.sql.replace(/\r?\n/g, '\r\n'))
  );
}

/** Prisma's own definition of its bookkeeping table (schema-engine, Postgres flavour). */
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;
