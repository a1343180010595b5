import { mintCollabToken } from '@/lib/auth/collabToken';
import { createPrismaClient, type PrismaClient } from '@/lib/db/client';
import { PrismaDocumentStore } from '@/lib/db/PrismaDocumentStore';
import { CURRENT_SCHEMA_VERSION } from '@/lib/model';
import { parseDocName } from '@/lib/protocol';
import { DEFAULT_PERSISTENCE } from '@/collab-server/options';
import { buildCollabServer } from '@/scripts/buildCollabServer';
import { startServerProcess } from '../childProcess';
import { connectYWebsocket } from '../clients/connectYWebsocket';
import type { BenchTarget, SeedDocument, TargetContext } from './types';

const SEED_BATCH = 5_000;
/** Users `bench-user-<i>` created for the clients (more than any workload has). */
const BENCH_USERS = 1_000;
const BENCH_ORG = 'bench-org';

/**
 * The server checks on every upgrade that the token's user still holds a role on the building
 * (lib/auth `authorizeCollabClaims`), so the bench creates what the web app would have: an
 * organization whose admins (owner of every building) are the bench users, and the buildings.
 */
async function grantAccess(prisma: PrismaClient, buildingIds: readonly string[]): Promise<void> {
  await prisma.organization.upsert({ where: { id: BENCH_ORG }, update: {}, create: { id: BENCH_ORG, name: 'Bench', slug: 'bench' } });
  const userIds = Array.from({ length: BENCH_USERS }, (_, i) => `bench-user-${i}`);
  await prisma.user.createMany({ data: userIds.map((id) => ({ id, email: `${id}@bench.local`, name: id })), skipDuplicates: true });
  await prisma.membership.createMany({ data: userIds.map((userId) => ({ userId, orgId: BENCH_ORG, role: 'admin' as const })), skipDuplicates: true });
  await prisma.building.createMany({ data: buildingIds.map((id) => ({ id, orgId: BENCH_ORG, name: id })), skipDuplicates: true });
}

/**
 * Our server process, configured through its environment only: `entry` (relative to `cwd`, by
 * default this checkout) run as {@link startServerProcess} runs it.
 */
function startArxos(name: string, entry: string, port: number, ctx: TargetContext, cwd?: string) {
  const env = { COLLAB_PORT: String(port), COLLAB_HOST: '127.0.0.1', DATABASE_URL: ctx.dbUrl, AUTH_SECRET: ctx.secret, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' };
  return startServerProcess(name, entry, env, port, '/healthz', cwd);
}

/**
 * OURS, as `npm start` runs it: collab-server/ built into plain JavaScript
 * (scripts/buildCollabServer.ts, rebuilt if its sources changed) and run with `node`; clients the
 * stock y-websocket provider with a collab token.
 */
export const arxosTarget: BenchTarget = {
  name: 'arxos',
  client: 'y-websocket WebsocketProvider (+ collab token)',
  persists: 'DocumentStore: every accepted update appended to doc_updates in batches; snapshot + compaction',
  coldLoad: true,
  seed: seedDocumentStore,
  start: (port, ctx) => startArxos('arxos', buildCollabServer().file, port, ctx),
  async connect(options) {
    const building = parseDocName(options.docName)?.buildingId;
    if (!building) throw new Error(`not an ArxOS doc name: ${options.docName}`);
    const token = await mintCollabToken(
      { sub: `bench-user-${options.clientIndex}`, name: `Bench ${options.clientIndex}`, building, role: 'editor' },
      options.ctx.secret,
      { ttlSeconds: 3_600 },
    );
    return connectYWebsocket(options, { params: { token } });
  },
};

/**
 * `arxos-baseline`: the same server from another checkout (`BENCH_ARXOS_BASELINE=<dir>`, e.g. a
 * `git worktree` of the commit before a change, with its own `node_modules` or a link to ours and
 * its generated Prisma client), run from that directory on the same database, seed and clients:
 * before and after a change, side by side in one run. It runs that checkout's
 * `collab-server/index.ts` through tsx, which any commit has (older ones have no build script).
 */
export function arxosBaselineTarget(dir: string): BenchTarget {
  return {
    ...arxosTarget,
    name: 'arxos-baseline',
    start: (port, ctx) => startArxos('arxos-baseline', 'collab-server/index.ts', port, ctx, dir),
  };
}

/** The longest log tail the server leaves uncompacted. */
export const ARXOS_MAX_TAIL = DEFAULT_PERSISTENCE.compactMaxUpdates - 1;

/**
 * Puts documents into the DocumentStore as the server leaves them: the lineages its rebases made
 * (`rebases`, through the store's own `rebase`), a snapshot (made by the store's `compact`) plus
 * a log tail of `compactMaxUpdates - 1` updates, the longest tail its policy allows (the worst
 * case for a load).
 *
 * With a precomputed state of the history before the tail (`stateAfter`), that state is appended
 * as one update and compacted, then the tail is appended update by update: the store then holds
 * what repeated compactions would have left, without running them (each merges the
 * whole snapshot again; see README). Without it, the history is appended in batches of 5,000
 * with a compaction after each batch.
 */
export async function seedDocumentStore(ctx: TargetContext, docs: readonly SeedDocument[]): Promise<void> {
  const prisma = createPrismaClient(ctx.dbUrl, { poolMax: 2 });
  try {
    await grantAccess(prisma, docs.map((d) => parseDocName(d.name)!.buildingId));
    const store = new PrismaDocumentStore(prisma);
    for (const doc of docs) {
      const history = doc.history ?? [];
      const tail = Math.min(history.length, ARXOS_MAX_TAIL);
      const body = history.length - tail;
      const bodyState = body > 0 ? doc.stateAfter?.(body) : undefined;
      const rebases = doc.rebases ?? [];
      if (rebases.length > 0) {
        // The lineages as the server's rebases left them (the store's own rebase), `state` the last base.
        await store.appendUpdates(doc.name, [rebases[0]!.finalState]);
        for (const [lineage, r] of rebases.entries()) {
          const done = await store.rebase(doc.name, { expect: { lineage, seq: 1 }, finalState: r.finalState, newState: r.newState, baseClient: r.baseClient, schemaVersion: CURRENT_SCHEMA_VERSION });
          if (!done.rebased) throw new Error(`seeding ${doc.name}: rebase ${lineage} refused (${done.reason})`);
        }
      }
      if (bodyState) {
        await store.appendUpdates(doc.name, [bodyState]);
        await store.compact(doc.name);
      } else {
        if (rebases.length === 0) await store.appendUpdates(doc.name, [doc.state]);
        for (let i = 0; i < body; i += SEED_BATCH) {
          await store.appendUpdates(doc.name, history.slice(i, Math.min(i + SEED_BATCH, body)));
          await store.compact(doc.name);
        }
      }
      for (let i = body; i < history.length; i += SEED_BATCH) {
        await store.appendUpdates(doc.name, history.slice(i, i + SEED_BATCH));
      }
    }
  } finally {
    await prisma.$disconnect();
  }
}
