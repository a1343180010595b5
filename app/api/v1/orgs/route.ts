import { apiJson, handle, parseBody, requireSameOrigin, requireUser } from '@/app/_lib/api';
import { createOrgSchema } from '@/app/_lib/schemas';
import { createOrganization } from '@/lib/auth/accounts';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

/** GET /api/v1/orgs -> {orgs: [{id, name, slug, role}]}: the organizations I belong to. */
export function GET(request: Request) {
  return handle(async () => {
    const user = await requireUser(request);
    const memberships = await getPrisma().membership.findMany({
      where: { userId: user.id },
      orderBy: { createdAt: 'asc' },
      select: { role: true, organization: { select: { id: true, name: true, slug: true } } },
    });
    return apiJson({ orgs: memberships.map((m) => ({ ...m.organization, role: m.role })) });
  });
}

/** POST /api/v1/orgs {name} -> 201 {org}: a new organization with me as its owner. */
export function POST(request: Request) {
  return handle(async () => {
    requireSameOrigin(request);
    const user = await requireUser(request);
    const { name } = await parseBody(request, createOrgSchema);
    const org = await createOrganization(getPrisma(), user.id, name);
    return apiJson({ org: { id: org.id, name: org.name, slug: org.slug, role: 'owner' } }, 201);
  });
}
