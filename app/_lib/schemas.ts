/** The zod schemas of the route handlers' params and bodies (messages are shown to people). */
import { z } from 'zod';
import { emailSchema } from '@/lib/auth/accounts';
import { BUILDING_ROLES, ORG_ROLES } from '@/lib/auth/roles';
import { MAX_SHARE_LINK_TTL_MS } from '@/lib/auth/shareLinks';
import { BUILDING_ID_PATTERN } from '@/lib/protocol';
import { buildingAddressSchema, buildingIdSchema, buildingNameSchema } from './buildings';

/**
 * Ids in paths other than a building's (organizations, users, invites, share links): cuids and
 * uuids match the building-id pattern too. Anything else is a 404.
 */
export const pathIdSchema = z.string().regex(BUILDING_ID_PATTERN);

/** Params of `/buildings/:id` routes. */
export const buildingParams = z.object({ id: buildingIdSchema });

/** Params of `/buildings/:id/<collection>/:<child>` routes, e.g. `buildingChildParams('linkId')`. */
export function buildingChildParams<K extends string>(child: K) {
  // A computed key widens to `string` in TypeScript; the shape is exactly these two keys.
  const shape = { id: buildingIdSchema, [child]: pathIdSchema } as { id: typeof buildingIdSchema } & Record<K, typeof pathIdSchema>;
  return z.object(shape);
}

/** Params of `/orgs/:orgId` routes. */
export const orgParams = z.object({ orgId: pathIdSchema });

/** Params of `/orgs/:orgId/<collection>/:<child>` routes, e.g. `orgChildParams('userId')`. */
export function orgChildParams<K extends string>(child: K) {
  // As in buildingChildParams: the computed key is exactly `child`.
  const shape = { orgId: pathIdSchema, [child]: pathIdSchema } as { orgId: typeof pathIdSchema } & Record<K, typeof pathIdSchema>;
  return z.object(shape);
}

export const buildingRoleSchema = z.enum(BUILDING_ROLES, { message: `role must be one of ${BUILDING_ROLES.join(', ')}` });
export const orgRoleSchema = z.enum(ORG_ROLES, { message: `role must be one of ${ORG_ROLES.join(', ')}` });

export const createBuildingSchema = z.strictObject({
  name: buildingNameSchema,
  address: buildingAddressSchema.default(''),
  orgId: pathIdSchema.optional(),
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
