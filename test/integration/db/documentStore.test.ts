/**
 * Every DocumentStore implementation runs the one contract suite: the in-memory store, and the
 * Prisma store on each database kind.
 */
import { createPrismaClient } from '@/lib/db/client';
import { InMemoryDocumentStore } from '@/lib/db/InMemoryDocumentStore';
import { migrate } from '@/lib/db/migrate';
import { PrismaDocumentStore } from '@/lib/db/PrismaDocumentStore';
import { describeDocumentStoreContract } from './documentStoreContract';
import { testDatabaseKinds } from './testDatabases';

describeDocumentStoreContract('in memory', async () => {
  const store = new InMemoryDocumentStore();
  // A second store over the same data: a second process on the same database, in effect.
  return { store, secondStore: new InMemoryDocumentStore({ sameDataAs: store }), teardown: async () => {} };
});

for (const kind of testDatabaseKinds()) {
  describeDocumentStoreContract(`Prisma + ${kind.name}`, async () => {
    const db = await kind.create();
    await migrate(db.url);
    // Two clients with their own pools: the web app and the collab server, in effect.
    const prisma = createPrismaClient(db.url, { poolMax: 4 });
    const secondPrisma = createPrismaClient(db.url, { poolMax: 4 });
    return {
      store: new PrismaDocumentStore(prisma),
      secondStore: new PrismaDocumentStore(secondPrisma),
      async teardown() {
        await Promise.all([prisma.$disconnect(), secondPrisma.$disconnect()]);
        await db.teardown();
      },
    };
  });
}
