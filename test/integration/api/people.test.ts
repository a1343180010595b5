/**
 * The people of a building for review @mentions and assignees (issue #17 point 1): every member,
 * whatever their role, reads the members' ids and names (no emails, no roles); nobody else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as people from '@/app/api/v1/buildings/[id]/people/route';
import { call, createBuilding, createUser, startApiHarness, type ApiHarness, type TestUser } from './harness';

let h: ApiHarness;
let owner: TestUser;
let editor: TestUser;
let commenter: TestUser;
let viewer: TestUser;
let stranger: TestUser;
let id: string;

beforeAll(async () => {
  h = await startApiHarness();
  [owner, editor, commenter, viewer, stranger] = (await Promise.all(['Ada', 'Bo', 'Cy', 'Vera', 'Stranger'].map((name) => createUser(h.prisma, name)))) as [TestUser, TestUser, TestUser, TestUser, TestUser];
  id = await createBuilding(owner, 'People House', [
    [editor, 'editor'],
    [commenter, 'commenter'],
    [viewer, 'viewer'],
  ]);
});
afterAll(() => h?.teardown());

const list = (as: TestUser | null) => call(people.GET, 'GET', `/api/v1/buildings/${id}/people`, { id }, { as });

describe('GET /api/v1/buildings/:id/people', () => {
  it('answers every member by id and name, sorted by name, to each member whatever the role', async () => {
    const expected = [owner, editor, commenter, viewer].map((u) => ({ id: u.id, name: u.name })).sort((a, b) => a.name.localeCompare(b.name));
    for (const who of [owner, editor, commenter, viewer]) {
      const response = await list(who);
      expect(response.status, who.name).toBe(200);
      expect(response.json).toEqual({ people: expected });
    }
  });

  it('tells no emails or roles', async () => {
    const response = await list(viewer);
    expect(response.text).not.toContain('@example.com');
    expect(response.text).not.toMatch(/"role"/);
  });

  it('refuses outsiders (404) and the signed-out (401)', async () => {
    expect((await list(stranger)).status).toBe(404);
    expect((await list(null)).status).toBe(401);
  });
});
