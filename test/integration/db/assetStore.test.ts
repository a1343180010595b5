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
    // The contract writes 64 MiB of random (incompressible) bytes in three writes: on PGlite, in
    // a full CI run on 2 cores, one such write once took longer than the default 15 s deadline
    // (`Query read timeout`, clean-clone CI of 2026-12-05). What is tested is how the store splits
    // and reads them, not how fast; real assets are kilobytes.
    const prisma = createPrismaClient(db.url, { poolMax: 4, deadlines: { queryTimeoutMs: 120_000 } });
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
