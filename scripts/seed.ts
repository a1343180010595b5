/**
 * Seeds the demo building (once): an organization, a demo user (demo@arxos.local, password
 * `arxos-demo-password` outside production; see scripts/demoAccount.ts), the building row and its
 * model document, and the public viewer link `/demo` opens (app/_lib/demoLink.ts). Idempotent: does
 * nothing when the demo building exists, except giving a demo user seeded before accounts existed
 * its password and adding the public link if it is missing. The document is written first
 * and the building row last, so a crash in between leaves no empty demo building behind.
 * Run on its own with `npm run seed` (DATABASE_URL must point at a migrated database).
 */
import * as Y from 'yjs';
import { DEMO_PUBLIC_LINK_ID, DEMO_PUBLIC_LINK_TTL_MS } from '../app/_lib/demoLink';
import { hashPassword } from '../lib/auth/password';
import { newShareLinkToken } from '../lib/auth/shareLinks';
import { createPrismaClient, type PrismaClient } from '../lib/db/client';
import { PrismaDocumentStore } from '../lib/db/PrismaDocumentStore';
import { loadSnapshot, ORIGIN } from '../lib/doc';
import { CURRENT_SCHEMA_VERSION } from '../lib/model';
import { docNames } from '../lib/protocol';
import { DEMO_EMAIL, DEMO_NAME, demoPassword } from './demoAccount';
import { DEMO_BUILDING_ID, demoConnections, demoElements, demoMeta, demoStoreys } from './demoBuilding';

const byId = <T extends { id: string }>(records: readonly T[]) => Object.fromEntries(records.map((r) => [r.id, r]));

/** The demo building as one encoded Yjs update, built and validated through lib/doc. */
export function buildDemoDocument(): Uint8Array {
  const doc = new Y.Doc();
  const loaded = loadSnapshot(
    doc,
    {
      meta: { ...demoMeta, schemaVersion: CURRENT_SCHEMA_VERSION, units: 'm', createdAt: new Date().toISOString() },
      storeys: byId(demoStoreys),
      elements: byId(demoElements),
      connections: byId(demoConnections),
    },
    ORIGIN.import,
  );
  if (!loaded.ok) throw new Error(`the demo building is invalid: ${loaded.error.message}`);
  return Y.encodeStateAsUpdate(doc);
}

/**
 * The demo building's public viewer link (guests allowed), unless it exists: revoking it (or
 * deleting it) withdraws the public demo until the next seed run recreates a deleted one. Its
 * token is random and thrown away: only `/demo` opens it, by id.
 */
async function ensurePublicDemoLink(prisma: PrismaClient): Promise<void> {
  const owner = await prisma.user.findUnique({ where: { email: DEMO_EMAIL }, select: { id: true } });
  await prisma.shareLink.upsert({
    where: { id: DEMO_PUBLIC_LINK_ID },
    update: {},
    create: {
      id: DEMO_PUBLIC_LINK_ID,
      buildingId: DEMO_BUILDING_ID,
      tokenHash: newShareLinkToken().tokenHash,
      role: 'viewer',
      allowGuests: true,
      expiresAt: new Date(Date.now() + DEMO_PUBLIC_LINK_TTL_MS),
      createdBy: owner?.id ?? 'seed',
    },
  });
}

/** Seeds the demo building into the database at `databaseUrl`; returns its id if it was created now. */
export async function seedDemo(databaseUrl: string): Promise<string | null> {
  const prisma = createPrismaClient(databaseUrl, { poolMax: 2 });
  try {
    const password = demoPassword();
    const passwordHash = password === null ? null : await hashPassword(password);
    if (await prisma.building.findUnique({ where: { id: DEMO_BUILDING_ID } })) {
      if (passwordHash) await prisma.user.updateMany({ where: { email: DEMO_EMAIL, passwordHash: null }, data: { passwordHash } });
      await ensurePublicDemoLink(prisma);
      return null;
    }

    const store = new PrismaDocumentStore(prisma);
    const docName = docNames.model(DEMO_BUILDING_ID);
    if ((await store.load(docName)).state === null) {
      await store.appendUpdates(docName, [buildDemoDocument()]);
    }

    await prisma.$transaction(async (tx) => {
      const org = await tx.organization.upsert({ where: { slug: 'demo' }, update: {}, create: { name: 'Demo Organization', slug: 'demo' } });
      const user = await tx.user.upsert({ where: { email: DEMO_EMAIL }, update: {}, create: { email: DEMO_EMAIL, name: DEMO_NAME, passwordHash } });
      await tx.membership.upsert({ where: { orgId_userId: { orgId: org.id, userId: user.id } }, update: {}, create: { orgId: org.id, userId: user.id, role: 'owner' } });
      await tx.building.create({ data: { id: DEMO_BUILDING_ID, orgId: org.id, name: demoMeta.name, address: demoMeta.address } });
    });
    await ensurePublicDemoLink(prisma);
    return DEMO_BUILDING_ID;
  } finally {
    await prisma.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write('DATABASE_URL is not set (npm start seeds the embedded database by itself)\n');
    process.exit(1);
  }
  seedDemo(url).then(
    (id) => process.stdout.write(id ? `seeded /buildings/${id}\n` : 'the demo building exists already\n'),
    (error: unknown) => {
      process.stderr.write(`seed failed: ${(error as Error).stack ?? error}\n`);
      process.exit(1);
    },
  );
}
