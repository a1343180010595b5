/**
 * Shared plumbing of the route handlers: error responses in one shape
 * (`{error: <code>, message: <words>}`), JSON bodies through zod, the same-origin check for
 * state-changing requests, session + role guards, and refusals of service functions mapped to
 * their statuses.
 */
import type { z } from 'zod';
import { buildingRoleOf } from '@/lib/auth/access';
import { hasAtLeast, type BuildingRole } from '@/lib/auth/roles';
import { getPrisma } from '@/lib/db/client';
import type { Result } from '@/lib/model';
import { buildingAccess, type BuildingAccess } from './buildingAccess';
import { currentUser, type CurrentUser } from './currentUser';
import { host } from './requestOrigin';

export type ApiErrorCode = 'bad_request' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'too_many_requests';

const STATUS: Record<ApiErrorCode, number> = { bad_request: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409, too_many_requests: 429 };

/** An error response: `{error, message}` with the code's status. */
export function apiError(code: ApiErrorCode, message: string): Response {
  return Response.json({ error: code, message }, { status: STATUS[code], headers: { 'cache-control': 'no-store' } });
}

/** A JSON response that is never cached (it depends on who asks). */
export function apiJson(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/** Zod issues in words: `path: message; path: message`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
}

/** A route handler's early exit. */
export class ApiFailure extends Error {
  constructor(readonly response: Response) {
    super('api failure');
  }
}

/** Runs a handler body, turning an {@link ApiFailure} into its response. */
export async function handle(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ApiFailure) return error.response;
    throw error;
  }
}

/** An expected refusal of a service function (app/_lib/members.ts and the like): an API error code and words. */
export interface ApiRefusal {
  code: ApiErrorCode;
  message: string;
}

/** The value of a service function's result; an early exit with the refusal's status otherwise. */
export function valueOrFail<T>(result: Result<T, ApiRefusal>): T {
  if (!result.ok) throw new ApiFailure(apiError(result.error.code, result.error.message));
  return result.value;
}

/** Parses the JSON body with `schema`; 400 with the zod message otherwise. */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    throw new ApiFailure(apiError('bad_request', 'body: must be JSON'));
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ApiFailure(apiError('bad_request', describeZodError(parsed.error)));
  return parsed.data;
}

/** Parses route params (ids) with `schema`; 404 when they cannot be ids (nothing to find). */
export async function parseParams<S extends z.ZodType>(params: Promise<unknown>, schema: S): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await params);
  if (!parsed.success) throw new ApiFailure(apiError('not_found', 'no such resource'));
  return parsed.data;
}

/**
 * Cross-site request forgery guard for state-changing requests, on top of next-auth's SameSite=Lax
 * session cookie: a browser's `Origin` (or, failing that, `Sec-Fetch-Site`) must be this site.
 */
export function requireSameOrigin(request: Request): void {
  const claimed = request.headers.get('origin');
  if (claimed) {
    let claimedHost: string | null = null;
    try {
      claimedHost = new URL(claimed).host;
    } catch {
      claimedHost = null;
    }
    if (claimedHost === null || claimedHost !== host(request)) throw new ApiFailure(apiError('forbidden', 'cross-site request refused'));
    return;
  }
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') throw new ApiFailure(apiError('forbidden', 'cross-site request refused'));
}

/** The signed-in user; 401 otherwise. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await currentUser(request);
  if (!user) throw new ApiFailure(apiError('unauthorized', 'sign in first'));
  return user;
}

/**
 * The signed-in user and their role on the building, which must be at least `minimum`:
 * 401 signed out, 404 no role at all or no such building (indistinguishable: no probing of ids),
 * 403 a role below `minimum`. Share links do not count here: they open the building, not its
 * administration.
 */
export async function requireBuildingRole(request: Request, buildingId: string, minimum: BuildingRole): Promise<{ user: CurrentUser; role: BuildingRole }> {
  const user = await requireUser(request);
  const role = await buildingRoleOf(getPrisma(), user.id, buildingId);
  if (!role) throw new ApiFailure(apiError('not_found', `no building ${buildingId}`));
  if (!hasAtLeast(role, minimum)) throw new ApiFailure(apiError('forbidden', `this needs the ${minimum} role on the building; you are ${role}`));
  return { user, role };
}

/** Access to a building for reading it live (accounts and share links); 401 / 404 otherwise. */
export async function requireBuildingAccess(request: Request, buildingId: string): Promise<BuildingAccess> {
  const access = await buildingAccess(buildingId, request);
  if (access.ok) return access.value;
  if (!access.user && !access.hasShareCookie) throw new ApiFailure(apiError('unauthorized', 'sign in first'));
  throw new ApiFailure(apiError('not_found', `no building ${buildingId}`));
}
