import { createPrismaClient } from '@/lib/db/client';
import { migrate } from '@/lib/db/migrate';
import { PrismaDocumentStore } from '@/lib/db/PrismaDocumentStore';
import { describeDocumentStoreContract } from './documentStoreContract';
import { testDatabaseKinds } from './testDatabases';

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
