/**
 * Where the database is. One code path for both cases: the app always talks the Postgres wire
 * protocol through `pg`; only the URL differs.
 */

/** Default PGlite data directory of the embedded database (architecture §8). */
export const EMBEDDED_DATA_DIR = '.data/pglite';

/**
 * Environment variable through which the launcher (`npm start`), after starting the embedded
 * PGlite server (lib/db/embedded.ts), hands its URL to the processes it spawns.
 */
export const EMBEDDED_URL_ENV = 'ARXOS_EMBEDDED_DATABASE_URL';

/** The resolved database location. */
export interface DatabaseConfig {
  url: string;
  /** `external`: DATABASE_URL (real Postgres). `embedded`: the launcher's PGlite server. */
  kind: 'external' | 'embedded';
}

/**
 * Resolves the database URL: `DATABASE_URL` if set (real Postgres), else the embedded server's
 * URL published by the launcher in `ARXOS_EMBEDDED_DATABASE_URL`. Throws if neither is set,
 * because silently starting a second embedded database would split the data.
 */
export function resolveDatabaseConfig(env: Record<string, string | undefined> = process.env): DatabaseConfig {
  const external = env.DATABASE_URL?.trim();
  if (external) return { url: external, kind: 'external' };
  const embedded = env[EMBEDDED_URL_ENV]?.trim();
  if (embedded) return { url: embedded, kind: 'embedded' };
  throw new Error(
    `No database configured: set DATABASE_URL to a Postgres connection string, or start the app with ` +
      `\`npm start\`, which runs the embedded PGlite server (data in ${EMBEDDED_DATA_DIR}) and sets ${EMBEDDED_URL_ENV}.`,
  );
}

/** Shorthand for `resolveDatabaseConfig(env).url`. */
export function resolveDatabaseUrl(env: Record<string, string | undefined> = process.env): string {
  return resolveDatabaseConfig(env).url;
}
