import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '@/lib/db/generated/client';
import { migrate } from '@/lib/db/migrate';
import { shapeFromDatabase, shapeFromPrismaSchema, type DbShape } from './prismaSchema';
import { testDatabaseKinds, withClient, type TestDatabase } from './testDatabases';

const schemaSource = await readFile(new URL('../../../prisma/schema.prisma', import.meta.url), 'utf8');
const expected = shapeFromPrismaSchema(schemaSource);

describe('the schema parser', () => {
  it('sees every model and scalar field Prisma generated a client for', () => {
    const scalarFieldCounts = Object.fromEntries(
      Object.values(Prisma.ModelName).map((model) => {
        const fields = (Prisma as unknown as Record<string, Record<string, string>>)[`${model}ScalarFieldEnum`];
        return [model, Object.keys(fields!).length];
      }),
    );
    const parsedCounts = Object.fromEntries(
      Object.values(Prisma.ModelName).map((model, i) => [model, Object.keys(Object.values(expected.tables)[i]!.columns).length]),
    );
    expect(parsedCounts).toEqual(scalarFieldCounts);
  });
});

for (const kind of testDatabaseKinds()) {
  describe(`the migrated database (${kind.name})`, () => {
    let db: TestDatabase;
    let actual: DbShape;
    beforeAll(async () => {
      db = await kind.create();
      await migrate(db.url);
      actual = await withClient(db.url, shapeFromDatabase);
    });
    afterAll(() => db?.teardown());

    it('has every model and field of the Prisma schema, and nothing else', () => {
      expect(Object.keys(actual.tables).sort()).toEqual(Object.keys(expected.tables).sort());
      for (const [table, shape] of Object.entries(expected.tables)) {
        expect({ table, ...actual.tables[table] }).toEqual({ table, ...shape });
      }
    });

    it('has every enum of the Prisma schema with its values in order', () => {
      expect(actual.enums).toEqual(expected.enums);
    });
  });
}
