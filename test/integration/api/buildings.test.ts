/** /api/v1/buildings: create (with its model document), list, rename, soft delete; and what each role may do. */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as buildings from '@/app/api/v1/buildings/route';
import * as building from '@/app/api/v1/buildings/[id]/route';
import * as members from '@/app/api/v1/buildings/[id]/members/route';
import { PrismaDocumentStore } from '@/lib/db/PrismaDocumentStore';
import { readMeta } from '@/lib/doc';
import { docNames } from '@/lib/protocol';
import { call, createUser, startApiHarness, type ApiHarness, type TestUser } from './harness';

let h: ApiHarness;
let owner: TestUser;
let other: TestUser;

beforeAll(async () => {
  h = await startApiHarness();
  [owner, other] = await Promise.all([createUser(h.prisma, 'Olga'), createUser(h.prisma, 'Otto')]);
});
afterAll(() => h?.teardown());

async function metaOf(id: string) {
  const { state } = await new PrismaDocumentStore(h.prisma).load(docNames.model(id));
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state!);
  return readMeta(doc);
}

async function create(name: string, address = '') {
  const response = await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { as: owner, body: { name, address } });
  expect(response.status).toBe(201);
  return (response.json!.building as { id: string }).id;
}

describe('buildings', () => {
  it('creates a building in my own organization, with its model document, and lists it with my role', async () => {
    const id = await create('Harbour House', '3 Dock Road');
    expect(await metaOf(id)).toMatchObject({ name: 'Harbour House', address: '3 Dock Road', units: 'm' });
    const row = await h.prisma.building.findUniqueOrThrow({ where: { id }, include: { organization: { include: { memberships: true } } } });
    expect(row.organization.memberships).toEqual([expect.objectContaining({ userId: owner.id, role: 'owner' })]);
    const listed = await call(buildings.GET, 'GET', '/api/v1/buildings', {}, { as: owner });
    expect(listed.json!.buildings).toEqual(expect.arrayContaining([expect.objectContaining({ id, name: 'Harbour House', role: 'owner' })]));
    expect((await call(buildings.GET, 'GET', '/api/v1/buildings', {}, { as: other })).json!.buildings).toEqual([]);
  });

  it('renames a building: the row and the model document meta', async () => {
    const id = await create('Old name');
    const response = await call(building.PATCH, 'PATCH', `/api/v1/buildings/${id}`, { id }, { as: owner, body: { name: 'New name', address: 'Elm 5' } });
    expect(response.status).toBe(200);
    expect(response.json!.building).toMatchObject({ name: 'New name', address: 'Elm 5' });
    expect(await metaOf(id)).toMatchObject({ name: 'New name', address: 'Elm 5' });
  });

  it('lets an editor rename but not delete; a commenter neither', async () => {
    const id = await create('Shared');
    await call(members.PUT, 'PUT', `/api/v1/buildings/${id}/members`, { id }, { as: owner, body: { email: other.email, role: 'editor' } });
    expect((await call(building.PATCH, 'PATCH', `/api/v1/buildings/${id}`, { id }, { as: other, body: { name: 'By editor' } })).status).toBe(200);
    expect((await call(building.DELETE, 'DELETE', `/api/v1/buildings/${id}`, { id }, { as: other })).status).toBe(403);
    await call(members.PUT, 'PUT', `/api/v1/buildings/${id}/members`, { id }, { as: owner, body: { email: other.email, role: 'commenter' } });
    expect((await call(building.PATCH, 'PATCH', `/api/v1/buildings/${id}`, { id }, { as: other, body: { name: 'By commenter' } })).status).toBe(403);
  });

  it('soft-deletes for the owner: gone from every list and route, row kept, live connections closed', async () => {
    const id = await create('Doomed');
    h.revocations.length = 0;
    const response = await call(building.DELETE, 'DELETE', `/api/v1/buildings/${id}`, { id }, { as: owner });
    expect(response.status).toBe(200);
    expect((await h.prisma.building.findUniqueOrThrow({ where: { id } })).deletedAt).toBeInstanceOf(Date);
    expect((await call(building.GET, 'GET', `/api/v1/buildings/${id}`, { id }, { as: owner })).status).toBe(404);
    const listed = await call(buildings.GET, 'GET', '/api/v1/buildings', {}, { as: owner });
    expect((listed.json!.buildings as { id: string }[]).map((b) => b.id)).not.toContain(id);
    expect(h.revocations).toEqual([{ body: { building: id }, authorized: true }]);
  });

  it('makes a plain member of the organization the owner of a building they create', async () => {
    const orgId = (await h.prisma.membership.findFirstOrThrow({ where: { userId: owner.id } })).orgId;
    await h.prisma.membership.create({ data: { orgId, userId: other.id, role: 'member' } });
    const response = await call(buildings.POST, 'POST', '/api/v1/buildings', {}, { as: other, body: { name: 'Members build', orgId } });
    expect(response.status).toBe(201);
    const id = (response.json!.building as { id: string }).id;
    expect((await call(building.GET, 'GET', `/api/v1/buildings/${id}`, { id }, { as: other })).json!.building).toMatchObject({ role: 'owner' });
    expect((await call(building.GET, 'GET', `/api/v1/buildings/${id}`, { id }, { as: owner })).json!.building).toMatchObject({ role: 'owner' });
  });
});
