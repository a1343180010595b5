/** Every AssetStore implementation runs the one contract suite: in memory, and Prisma on each database kind. */
import { createPrismaClient } from '@/lib/db/client';
import { InMemoryAssetStore } from '@/lib/db/InMemoryAssetStore';
import { migrate } from '@/lib/db/migrate';
import { PrismaAssetStore } from '@/lib/db/PrismaAssetStore';
import { describeAssetStoreContract } from './assetStoreContract';
import { testDatabaseKinds } from './testDatabases';

describeAssetStoreContract('in memory', async () => {
  const store = new InMemoryAssetStore();
  return { store, count: async () => store.size, teardown: async () => {} };
});

for (const kind of testDatabaseKinds()) {
  describeAssetStoreContract(`Prisma + ${kind.name}`, async () => {
    const db = await kind.create();
    await migrate(db.url);
    const prisma = createPrismaClient(db.url, { poolMax: 4 });
    return {
      store: new PrismaAssetStore(prisma),
      count: () => prisma.asset.count(),
      async teardown() {
        await prisma.$disconnect();
        await db.teardown();
      },
    };
  });
}
