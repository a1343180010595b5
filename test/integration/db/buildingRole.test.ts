/**
 * lib/auth/access.ts `buildingRoleOf` against a real database (PGlite, and Postgres when
 * DATABASE_URL is set): every combination of organization role and per-building override, a
 * stranger, a deleted building and an unknown one. The collab server runs it on every upgrade.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildingRoleOf } from '@/lib/auth/access';
import { effectiveBuildingRole, type BuildingRole, type OrgRole } from '@/lib/auth/roles';
import { createPrismaClient, type PrismaClient } from '@/lib/db/client';
import { migrate } from '@/lib/db/migrate';
import { testDatabaseKinds, type TestDatabase } from './testDatabases';

const ORG_ROLES: (OrgRole | null)[] = [null, 'member', 'admin', 'owner'];
const OVERRIDES: (BuildingRole | null)[] = [null, 'viewer', 'commenter', 'editor', 'owner'];

for (const kind of testDatabaseKinds()) {
  describe(`buildingRoleOf (${kind.name})`, () => {
    let database: TestDatabase;
    let prisma: PrismaClient;
    let orgId: string;
    let otherOrgId: string;
    let n = 0;
    const user = async (name: string) => (await prisma.user.create({ data: { email: `${name}-${n++}@roles.test`, name } })).id;
    const building = async (org = orgId) => (await prisma.building.create({ data: { name: `b${n++}`, orgId: org } })).id;

    beforeAll(async () => {
      database = await kind.create();
      await migrate(database.url);
      prisma = createPrismaClient(database.url, { poolMax: 2 });
      orgId = (await prisma.organization.create({ data: { name: 'Org', slug: 'org' } })).id;
      otherOrgId = (await prisma.organization.create({ data: { name: 'Other', slug: 'other' } })).id;
    });
    afterAll(async () => {
      await prisma?.$disconnect();
      await database?.teardown();
    });

    it('combines the organization role and the per-building override as the rules say', async () => {
      const b = await building();
      const other = await building();
      for (const orgRole of ORG_ROLES) {
        for (const override of OVERRIDES) {
          const u = await user(`${orgRole}-${override}`);
          if (orgRole) await prisma.membership.create({ data: { userId: u, orgId, role: orgRole } });
          // A membership elsewhere and an override on another building change nothing here.
          await prisma.membership.create({ data: { userId: u, orgId: otherOrgId, role: 'owner' } });
          await prisma.buildingMember.create({ data: { userId: u, buildingId: other, role: 'owner' } });
          if (override) await prisma.buildingMember.create({ data: { userId: u, buildingId: b, role: override } });
          const expected = effectiveBuildingRole(orgRole, override);
          expect({ orgRole, override, role: await buildingRoleOf(prisma, u, b) }).toEqual({ orgRole, override, role: expected });
        }
      }
      // The rules' own cases, spelled out.
      expect(effectiveBuildingRole('member', null)).toBe('editor');
      expect(effectiveBuildingRole('member', 'viewer')).toBe('viewer');
      expect(effectiveBuildingRole('admin', 'viewer')).toBe('owner');
      expect(effectiveBuildingRole(null, null)).toBeNull();
    });

    it('gives no role on a deleted building or an unknown one', async () => {
      const u = await user('owner');
      await prisma.membership.create({ data: { userId: u, orgId, role: 'owner' } });
      const b = await building();
      await prisma.buildingMember.create({ data: { userId: u, buildingId: b, role: 'editor' } });
      expect(await buildingRoleOf(prisma, u, b)).toBe('owner');
      await prisma.building.update({ where: { id: b }, data: { deletedAt: new Date() } });
      expect(await buildingRoleOf(prisma, u, b)).toBeNull();
      expect(await buildingRoleOf(prisma, u, 'no-such-building')).toBeNull();
      expect(await buildingRoleOf(prisma, 'no-such-user', await building())).toBeNull();
    });
  });
}
