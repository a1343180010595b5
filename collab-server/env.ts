/**
 * The environment variables of ArxOS, in one list. README.md's configuration table is generated
 * from it (`npm run docs:env`; test/unit/collab/env.test.ts fails when the two differ), and the
 * collaboration server reads its settings through {@link readCollabEnv}, which accepts only names
 * listed here. The list lives beside the server because most settings are the server's, and its
 * defaults are taken from the server's own option defaults rather than written out twice.
 */
import { resolveDatabaseConfig, type DatabaseConfig } from '@/lib/db/config';
import { deadlinesFromEnv, DEFAULT_DEADLINES, resolveDeadlines, type DatabaseDeadlines } from '@/lib/db/pool';
import { DEFAULT_LIMITS, DEFAULT_PERSISTENCE } from './options';

/** One environment variable: its name, its default as a reader should understand it, and what it sets. */
export interface EnvVariable {
  name: string;
  /** The default in words (markdown): a value, or what happens when the variable is unset. */
  default: string;
  /** What the variable sets (markdown). */
  meaning: string;
}

/** Shortest time between two broadcasts of a busy room, ms (options.ts `broadcastWindowMs`; checked against it by the env test). */
const BROADCAST_WINDOW_MS = 10;
/** The collaboration server's port unless COLLAB_PORT says otherwise (the web app and the launcher assume it too). */
const COLLAB_PORT = 1234;

/**
 * Every setting ArxOS takes from the environment, in the order of README.md's configuration table;
 * all optional. Not listed: the launcher's hand-offs to its children (`ARXOS_EMBEDDED_DATABASE_URL`,
 * `ARXOS_NEXT_DIST_DIR`), `NODE_ENV`, and the switches of the test and bench harnesses.
 */
/** Default of `COLLAB_DAILY_VERSION_MS`: a day. */
export const DAILY_VERSION_MS = 24 * 60 * 60 * 1000;

export const ENVIRONMENT = [
  { name: 'DATABASE_URL', default: 'unset → embedded PGlite in `.data/pglite`', meaning: 'Postgres connection string. The launcher passes it (or the embedded server\'s URL) to both processes; the collaboration server started by hand needs it' },
  { name: 'REDIS_URL', default: 'unset → single instance', meaning: 'scale-out bus between collaboration servers' },
  {
    name: 'AUTH_SECRET',
    default: 'generated once into `.data/secret`; **required** when `NODE_ENV=production`',
    meaning: 'signs sessions, collab tokens, share cookies and internal tokens (≥ 32 chars; `NEXTAUTH_SECRET` is accepted as an alias by the web app). The launcher passes it to the collaboration server, which refuses to start without it',
  },
  {
    name: 'NEXTAUTH_URL',
    default: "unset → derived from each request's `Host` / `X-Forwarded-Host` and `X-Forwarded-Proto`",
    meaning: 'the public URL of the web app, for sign-in redirects and OAuth callbacks; set it in production behind a proxy that does not set those headers. Cookies are `Secure` when it (or the request) is https',
  },
  { name: 'GITHUB_ID', default: 'unset → off', meaning: 'GitHub sign-in, with `GITHUB_SECRET` (OAuth app callback: `<url>/api/auth/callback/github`)' },
  { name: 'GITHUB_SECRET', default: 'unset → off', meaning: 'secret of the GitHub OAuth app' },
  { name: 'GOOGLE_ID', default: 'unset → off', meaning: 'Google sign-in, with `GOOGLE_SECRET` (callback: `<url>/api/auth/callback/google`)' },
  { name: 'GOOGLE_SECRET', default: 'unset → off', meaning: 'secret of the Google OAuth client' },
  {
    name: 'COLLAB_INTERNAL_URL',
    default: '`http://127.0.0.1:$COLLAB_PORT`',
    meaning: "where the web app reaches the collaboration server's internal endpoints: `/internal/revoke` to close connections after access is taken away, `/internal/edit` to write server-side changes (renames, IFC imports) onto live documents",
  },
  {
    name: 'ARXOS_IFC_MAX_BYTES',
    default: `\`${100 * 1024 * 1024}\` (100 MiB)`,
    meaning: 'largest IFC file `POST /api/v1/buildings/{id}/import/ifc` takes; larger → 413',
  },
  {
    name: 'ARXOS_BCF_MAX_BYTES',
    default: `\`${50 * 1024 * 1024}\` (50 MiB)`,
    meaning: 'largest BCF archive `POST /api/v1/buildings/{id}/import/bcf` takes; larger → 413',
  },
  {
    name: 'ARXOS_ASSET_UPLOAD_MAX_BYTES',
    default: `\`${100 * 1024 * 1024}\` (100 MiB)`,
    meaning: 'largest body of `POST /api/v1/buildings/{id}/assets` (geometry assets of a browser import); larger → 413',
  },
  { name: 'ARXOS_DEMO_PASSWORD', default: '`arxos-demo-password` outside production, none in production', meaning: 'password the seed gives `demo@arxos.local`' },
  { name: 'PORT', default: '`3000`', meaning: 'web app port' },
  { name: 'COLLAB_PORT', default: `\`${COLLAB_PORT}\``, meaning: 'collaboration server port (`0`: any free port; the server logs the one it chose)' },
  { name: 'COLLAB_HOST', default: '`127.0.0.1`', meaning: 'interface the collaboration server binds (`0.0.0.0` behind a load balancer)' },
  {
    name: 'COLLAB_PUBLIC_URL',
    default: '`ws://<host of the page>:$COLLAB_PORT`',
    meaning: 'where browsers connect for live sync; read at request time, so one build serves any host (ARCHITECTURE.md calls it `NEXT_PUBLIC_COLLAB_URL`; see docs/DECISIONS.md 4)',
  },
  { name: 'ARXOS_DATA_DIR', default: '`.data`', meaning: 'where the embedded database and the generated secret live' },
  { name: 'ARXOS_PGLITE_PORT', default: '`0` (a free port)', meaning: "port of the embedded database's socket server" },
  { name: 'ARXOS_SEED', default: '`1`', meaning: '`0` skips seeding the demo building (do that in production)' },
  { name: 'ARXOS_DEV_TOOLS', default: 'on outside production', meaning: 'the "Add a test room" control and the `window.__arxos` test handle (`1` or `true`: on; anything else: off)' },
  { name: 'CHROMIUM_PATH', default: '`/usr/bin/chromium`', meaning: 'browser for the e2e tests' },
  { name: 'LOG_LEVEL', default: '`info`', meaning: 'collaboration server log level (JSON logs, pino)' },
  {
    name: 'COLLAB_BROADCAST_WINDOW_MS',
    default: `\`${BROADCAST_WINDOW_MS}\``,
    meaning: 'shortest time between two broadcasts of one busy room (collab-server/SPEC.md rule 4); `0`: once per event-loop turn',
  },
  {
    name: 'COLLAB_PING_INTERVAL_MS',
    default: `\`${DEFAULT_LIMITS.pingIntervalMs}\``,
    meaning: 'WebSocket ping interval; a connection that has not answered the previous ping (nor sent anything) is closed with 4408 (collab-server/SPEC.md rule 11)',
  },
  {
    name: 'COLLAB_REBASE_AFTER_DELETED',
    default: `\`${DEFAULT_PERSISTENCE.rebaseAfterDeleted}\``,
    meaning: 'an idle building whose Yjs history holds at least this many deleted structs, and `COLLAB_REBASE_DELETED_RATIO` of its live ones, is rebased: re-created without its history (collab-server/SPEC.md rules 20-21)',
  },
  { name: 'COLLAB_REBASE_DELETED_RATIO', default: `\`${DEFAULT_PERSISTENCE.rebaseDeletedRatio}\``, meaning: 'see `COLLAB_REBASE_AFTER_DELETED`' },
  {
    name: 'COLLAB_DAILY_VERSION_MS',
    default: `\`${DAILY_VERSION_MS}\`` + ' (a day)',
    meaning: 'a building that changes gets an automatic version when its newest version is older than this (collab-server/SPEC.md rule 24); `0`: off',
  },
  {
    name: 'DATABASE_TIMEOUT_MS',
    default: `\`${DEFAULT_DEADLINES.queryTimeoutMs}\``,
    meaning: "deadline of every database query, in both processes (lib/db/pool.ts): a query without an answer fails and its connection is replaced; the collaboration server's writes and loads get one second more (collab-server/SPEC.md rule 13)",
  },
  {
    name: 'COLLAB_SERVER_EDIT_MAX_BYTES',
    default: `\`${DEFAULT_LIMITS.maxServerEditBytes}\``,
    meaning: 'largest body of the collaboration server\'s `POST /internal/edit` (a server-side change such as an IFC import, as JSON); larger → 413 (collab-server/SPEC.md rule 23)',
  },
  {
    name: 'COLLAB_MAX_PERSISTENCE_LAG_MS',
    default: `\`${DEFAULT_PERSISTENCE.maxLagMs}\``,
    meaning: "persistence lag (oldest accepted update not yet written) beyond which the collaboration server's `/readyz` answers 503 (collab-server/SPEC.md rule 13)",
  },
  {
    name: 'COLLAB_SHUTDOWN_TIMEOUT_MS',
    default: `\`${DEFAULT_PERSISTENCE.shutdownTimeoutMs}\``,
    meaning: 'grace period of SIGTERM / SIGINT: the collaboration server exits within it whatever the database does (1 if some updates could not be written; the log says how many; collab-server/SPEC.md rule 16)',
  },
] as const satisfies readonly EnvVariable[];

/** The name of a variable listed in {@link ENVIRONMENT}. */
export type EnvName = (typeof ENVIRONMENT)[number]['name'];

/** An environment, e.g. `process.env`. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The collaboration server's settings, read from the environment by {@link readCollabEnv}. */
export interface CollabEnv {
  database: DatabaseConfig;
  authSecret: string;
  port: number;
  host: string | undefined;
  deadlines: DatabaseDeadlines;
  shutdownTimeoutMs: number;
  /** Unset values stay undefined: the server's options fill in their defaults and reject nonsense. */
  broadcastWindowMs: number | undefined;
  pingIntervalMs: number | undefined;
  rebaseAfterDeleted: number | undefined;
  rebaseDeletedRatio: number | undefined;
  maxLagMs: number | undefined;
  maxServerEditBytes: number | undefined;
  dailyVersionMs: number;
}

/** A variable's raw value. Only names listed in {@link ENVIRONMENT} compile. */
export function envValue(env: Env, name: EnvName): string | undefined {
  return env[name];
}

/** The collaboration server's log level: `LOG_LEVEL`, default `info`. */
export function logLevelFromEnv(env: Env = process.env): string {
  return envValue(env, 'LOG_LEVEL') ?? 'info';
}

/**
 * Reads the collaboration server's settings. Throws (a configuration error at start-up) without
 * a database, without `AUTH_SECRET`, or with a `DATABASE_TIMEOUT_MS` that is not a positive
 * number; the numeric server options are checked by the server itself.
 */
export function readCollabEnv(env: Env = process.env): CollabEnv {
  const database = resolveDatabaseConfig(env);
  const authSecret = envValue(env, 'AUTH_SECRET');
  if (!authSecret) throw new Error('AUTH_SECRET is not set (start the server through `npm start`, which provides one)');
  const deadlines = resolveDeadlines(deadlinesFromEnv(env));
  return {
    database,
    authSecret,
    port: Number(envValue(env, 'COLLAB_PORT') ?? COLLAB_PORT),
    host: envValue(env, 'COLLAB_HOST'),
    deadlines,
    shutdownTimeoutMs: numberFromEnv(env, 'COLLAB_SHUTDOWN_TIMEOUT_MS') ?? DEFAULT_PERSISTENCE.shutdownTimeoutMs,
    broadcastWindowMs: numberFromEnv(env, 'COLLAB_BROADCAST_WINDOW_MS'),
    pingIntervalMs: numberFromEnv(env, 'COLLAB_PING_INTERVAL_MS'),
    rebaseAfterDeleted: numberFromEnv(env, 'COLLAB_REBASE_AFTER_DELETED'),
    rebaseDeletedRatio: numberFromEnv(env, 'COLLAB_REBASE_DELETED_RATIO'),
    maxLagMs: numberFromEnv(env, 'COLLAB_MAX_PERSISTENCE_LAG_MS'),
    maxServerEditBytes: numberFromEnv(env, 'COLLAB_SERVER_EDIT_MAX_BYTES'),
    dailyVersionMs: numberFromEnv(env, 'COLLAB_DAILY_VERSION_MS') ?? DAILY_VERSION_MS,
  };
}

/** A numeric setting; unset or empty means the default. Not checked here: the server's options check it. */
function numberFromEnv(env: Env, name: EnvName): number | undefined {
  const raw = envValue(env, name);
  return raw === undefined || raw === '' ? undefined : Number(raw);
}

/** The markdown table of {@link ENVIRONMENT}, as README.md shows it. */
export function renderEnvTable(variables: readonly EnvVariable[] = ENVIRONMENT): string {
  const rows = variables.map((v) => `| \`${v.name}\` | ${v.default} | ${v.meaning} |`);
  return ['| env | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
