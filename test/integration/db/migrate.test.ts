import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, migrate, readMigrations } from '@/lib/db/migrate';
import { testDatabaseKinds, withClient, type TestDatabase } from './testDatabases';

for (const kind of testDatabaseKinds()) {
  describe(`migrate (${kind.name})`, () => {
    let db: TestDatabase;
    let dir: string;
    beforeAll(async () => {
      db = await kind.create();
      dir = await mkdtemp(path.join(tmpdir(), 'arxos-migrations-'));
      await cp(defaultMigrationsDir(), dir, { recursive: true });
    });
    afterAll(async () => {
      await db?.teardown();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('applies every migration once even when two runners start at the same time', async () => {
      const names = (await readMigrations(dir)).map((m) => m.name);
      const results = await Promise.all([migrate(db.url, { migrationsDir: dir }), migrate(db.url, { migrationsDir: dir })]);
      expect(results.flatMap((r) => r.applied).sort()).toEqual(names);
      const rows = await withClient(db.url, (c) =>
        c.query('SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"'),
      );
      expect(rows.rows.map((r) => r.migration_name).sort()).toEqual(names);
      for (const row of rows.rows) {
        expect(row.finished_at).toBeInstanceOf(Date);
        expect(row.applied_steps_count).toBe(1);
        expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      }
    });

    it('is idempotent: a second run applies nothing', async () => {
      const result = await migrate(db.url, { migrationsDir: dir });
      expect(result.applied).toEqual([]);
      expect(result.alreadyApplied.length).toBeGreaterThan(0);
    });

    it('applies a new migration added later, and only that one', async () => {
      await writeMigration(dir, '29991231000000_later', 'CREATE TABLE "later_probe" ("id" INTEGER NOT NULL);\n');
      expect((await migrate(db.url, { migrationsDir: dir })).applied).toEqual(['29991231000000_later']);
    });

    it('rolls a failing migration back completely and reports its name', async () => {
      await writeMigration(dir, '29991231000001_broken', 'CREATE TABLE "broken_probe" ("id" INTEGER);\nSELECT * FROM "no_such_table";\n');
      await expect(migrate(db.url, { migrationsDir: dir })).rejects.toThrow(/29991231000001_broken failed and was rolled back/);
      const exists = await withClient(db.url, (c) => c.query(`SELECT to_regclass('public.broken_probe') AS t`));
      expect(exists.rows[0].t).toBeNull();
      await rm(path.join(dir, '29991231000001_broken'), { recursive: true });
    });

    it('refuses to run when an applied migration was modified', async () => {
      await writeMigration(dir, '29991231000000_later', 'CREATE TABLE "later_probe" ("id" BIGINT NOT NULL);\n');
      await expect(migrate(db.url, { migrationsDir: dir })).rejects.toThrow(/29991231000000_later was modified after it was applied/);
    });

    it('accepts a connected pg client and leaves it open', async () => {
      await writeMigration(dir, '29991231000000_later', 'CREATE TABLE "later_probe" ("id" INTEGER NOT NULL);\n');
      await withClient(db.url, async (client) => {
        expect((await migrate(client, { migrationsDir: dir })).applied).toEqual([]);
        expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
      });
    });
  });
}

async function writeMigration(dir: string, name: string, sql: string): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(path.join(dir, name), { recursive: true });
  await writeFile(path.join(dir, name, 'migration.sql'), sql);
}
