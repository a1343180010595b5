/**
 * Applies pending migrations to the configured database (DATABASE_URL, else the embedded
 * server published by the launcher), or to the URL given as the first argument.
 *
 *   npx tsx scripts/db-migrate.ts [postgres://...]
 */
import { resolveDatabaseUrl } from '../lib/db/config';
import { migrate } from '../lib/db/migrate';

const url = process.argv[2] ?? resolveDatabaseUrl();
const result = await migrate(url, { log: (message) => console.log(message) });
console.log(
  result.applied.length > 0
    ? `migrate: ${result.applied.length} migration(s) applied, ${result.alreadyApplied.length} already applied`
    : `migrate: database is up to date (${result.alreadyApplied.length} migration(s))`,
);
