/**
 * Bench configuration from flags (`npm run bench:collab -- --quick --seconds=5`) and environment
 * (BENCH_QUICK=1 BENCH_SECONDS=5 …); flags win. Defaults are issue #3's spec.
 */

/** One workload: `docs` documents with `clientsPerDoc` clients each, every client editing at `rate`/s. */
export interface Workload {
  name: string;
  docs: number;
  clientsPerDoc: number;
  /** Edits per second per client. */
  rate: number;
  /** Edit phase length in seconds. */
  seconds: number;
}

export interface BenchConfig {
  quick: boolean;
  /** Target names to run, in column order. */
  targets: string[];
  workloads: Workload[];
  /** Equipment elements seeded into each workload doc. */
  seedElements: number;
  coldLoad: {
    enabled: boolean;
    /** Elements in the cold-load doc. */
    elements: number;
    /** History sizes (updates) to seed and load. */
    histories: number[];
    /** Largest history the peers get (seeding them is slow and their persistence differs). */
    peerMaxHistory: number;
    /** Cold loads (fresh server process each) per history size. */
    repetitions: number;
  };
  /** `postgres` (BENCH_DATABASE_URL / DATABASE_URL / local server) or `pglite` (embedded socket server). */
  db: 'postgres' | 'pglite';
  /** Server URL on which a fresh database is created (postgres only). */
  postgresUrl: string;
  /** Keep the bench database afterwards. */
  keepDb: boolean;
  /** Seconds after the edit phase during which server CPU is still counted (deferred persistence). */
  settleSeconds: number;
  /** Times each target runs each workload, taking turns (figures: the median). */
  workloadRuns: number;
}

const ALL_TARGETS = ['relay', 'y-websocket-server', 'hocuspocus', 'arxos'];

function readOptions(argv: string[], env: NodeJS.ProcessEnv): Map<string, string> {
  const options = new Map<string, string>();
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('BENCH_') && value !== undefined) options.set(key.slice(6).toLowerCase().replaceAll('_', '-'), value);
  }
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg} (flags look like --seconds=5; see test/bench/collab/README.md)`);
    options.set(match[1]!, match[2] ?? '1');
  }
  return options;
}

function list(value: string | undefined): string[] | undefined {
  return value ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
}

function numbers(value: string | undefined): number[] | undefined {
  return list(value)?.map((s) => {
    const n = Number(s.replace(/k$/i, '000').replace(/m$/i, '000000'));
    if (!Number.isFinite(n) || n < 0) throw new Error(`not a number: ${s}`);
    return n;
  });
}

/** Parses flags and BENCH_* variables. */
export function readConfig(argv = process.argv.slice(2), env = process.env): BenchConfig {
  const o = readOptions(argv, env);
  const flag = (key: string) => o.has(key) && !['0', 'false', 'no'].includes(o.get(key)!);
  const quick = flag('quick');
  const seconds = Number(o.get('seconds') ?? (quick ? 5 : 20));
  const rate = Number(o.get('rate') ?? 10);
  const workloads: Workload[] = quick
    ? [
        { name: '1 doc x 20 clients', docs: 1, clientsPerDoc: 20, rate, seconds },
        { name: '20 docs x 5 clients', docs: 20, clientsPerDoc: 5, rate, seconds },
      ]
    : [
        { name: '1 doc x 50 clients', docs: 1, clientsPerDoc: 50, rate, seconds },
        { name: '100 docs x 5 clients', docs: 100, clientsPerDoc: 5, rate, seconds },
      ];
  const onlyWorkloads = list(o.get('workloads'));
  const histories = numbers(o.get('histories')) ?? (quick ? [0, 10_000, 50_000] : [0, 10_000, 100_000, 200_000, 1_000_000]);
  const only = o.get('only');
  return {
    quick,
    targets: list(o.get('targets')) ?? ALL_TARGETS,
    workloads: only === 'coldload' ? [] : onlyWorkloads ? workloads.filter((_, i) => onlyWorkloads.includes(String(i + 1))) : workloads,
    seedElements: Number(o.get('seed-elements') ?? 200),
    coldLoad: {
      enabled: only !== 'workloads' && !flag('no-coldload'),
      elements: Number(o.get('coldload-elements') ?? (quick ? 2_000 : 20_000)),
      histories,
      peerMaxHistory: Number(o.get('peer-max-history') ?? (quick ? 50_000 : 200_000)),
      repetitions: Number(o.get('repetitions') ?? (quick ? 1 : 3)),
    },
    db: o.get('db') === 'pglite' ? 'pglite' : 'postgres',
    postgresUrl: o.get('database-url') ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    keepDb: flag('keep-db'),
    settleSeconds: Number(o.get('settle-seconds') ?? 3),
    workloadRuns: Math.max(1, Number(o.get('workload-runs') ?? 1)),
  };
}

export { ALL_TARGETS };
