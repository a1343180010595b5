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
import { ServerEditError } from './serverEdits';

export type ApiErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'too_many_requests'
  | 'unavailable';

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  too_many_requests: 429,
  unavailable: 503,
};

/**
 * An error response: `{error, message}` with the code's status, plus `details` when a caller has
 * more to say in machine terms (e.g. `{code}` of an IFC import error, `{issues}` of a refused edit).
 */
export function apiError(code: ApiErrorCode, message: string, details?: Record<string, unknown>): Response {
  return Response.json({ ...details, error: code, message }, { status: STATUS[code], headers: { 'cache-control': 'no-store' } });
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

/**
 * Runs a handler body, turning an {@link ApiFailure} into its response, and a server edit the
 * collaboration server refused ({@link ServerEditError}) into 422 (the change is invalid: nothing
 * was written), 413 (the change is larger than the server takes) or 503 (the server could not
 * make it now: try again).
 */
export async function handle(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ApiFailure) return error.response;
    if (error instanceof ServerEditError) {
      const { failure } = error;
      if (failure.code === 'invalid') return apiError('unprocessable', failure.message, { issues: failure.issues });
      if (failure.code === 'refused' && failure.status === 413) return apiError('payload_too_large', failure.message);
      return apiError('unavailable', failure.message);
    }
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

/**
 * The request's media type (lower case, parameters dropped) must be one of `accepted`; 415 otherwise.
 */
export function requireContentType(request: Request, accepted: readonly string[]): string {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!accepted.includes(type)) {
    throw new ApiFailure(apiError('unsupported_media_type', `send the body as ${accepted.join(' or ')}${type ? `, not ${type}` : ''}`));
  }
  return type;
}

/**
 * The raw body, at most `maxBytes`: 413 at once when `Content-Length` says more, else counted
 * while it streams in and cut off as soon as it passes the limit (a missing or false
 * `Content-Length` does not get a larger body buffered).
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new ApiFailure(apiError('payload_too_large', `the body is larger than the limit of ${maxBytes} bytes`, { limit: maxBytes }));
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}
