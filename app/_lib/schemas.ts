import { z } from 'zod';
import { emailSchema } from '@/lib/auth/accounts';
import { BUILDING_ROLES, ORG_ROLES } from '@/lib/auth/roles';
import { MAX_SHARE_LINK_TTL_MS } from '@/lib/auth/shareLinks';
import { buildingAddressSchema, buildingIdSchema, buildingNameSchema } from './buildings';

/** Ids in paths: what cuid/uuid/our building ids look like. Anything else is a 404. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const buildingParams = z.object({ id: buildingIdSchema });
export const buildingChildParams = (child: string) => z.object({ id: buildingIdSchema, [child]: idSchema });
export const orgParams = z.object({ orgId: idSchema });

export const buildingRoleSchema = z.enum(BUILDING_ROLES, { message: `role must be one of ${BUILDING_ROLES.join(', ')}` });
export const orgRoleSchema = z.enum(ORG_ROLES, { message: `role must be one of ${ORG_ROLES.join(', ')}` });

export const createBuildingSchema = z.strictObject({
  name: buildingNameSchema,
  address: buildingAddressSchema.default(''),
  orgId: idSchema.optional(),
});

export const updateBuildingSchema = z
  .strictObject({ name: buildingNameSchema.optional(), address: buildingAddressSchema.optional() })
  .refine((patch) => patch.name !== undefined || patch.address !== undefined, { message: 'give a name or an address to change' });

export const setBuildingMemberSchema = z.strictObject({ email: emailSchema, role: buildingRoleSchema });

export const createOrgSchema = z.strictObject({ name: z.string().trim().min(1, 'name is required').max(100, 'name must be at most 100 characters') });
export const inviteToOrgSchema = z.strictObject({ email: emailSchema, role: orgRoleSchema });
export const updateOrgMemberSchema = z.strictObject({ role: orgRoleSchema });

const futureDate = z.iso
  .datetime({ offset: true, message: 'expiresAt must be an ISO date-time' })
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() > Date.now(), { message: 'expiresAt must be in the future' })
  .refine((date) => date.getTime() <= Date.now() + MAX_SHARE_LINK_TTL_MS, { message: 'expiresAt must be within 90 days' });

export const createShareLinkSchema = z.strictObject({
  role: buildingRoleSchema.refine((role) => role !== 'owner', { message: 'a share link cannot grant owner' }),
  expiresAt: futureDate,
  allowGuests: z.boolean().default(false),
});

export const updateShareLinkSchema = z
  .strictObject({
    role: buildingRoleSchema.refine((role) => role !== 'owner', { message: 'a share link cannot grant owner' }).optional(),
    expiresAt: futureDate.optional(),
  })
  .refine((patch) => patch.role !== undefined || patch.expiresAt !== undefined, { message: 'give a role or an expiry to change' });
