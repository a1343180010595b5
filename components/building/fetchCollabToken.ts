import type { BuildingRole } from '@/lib/auth/roles';

/** What `/api/collab-token` answers: a short-lived token for the collaboration server. */
export interface CollabToken {
  readonly token: string;
  /** The asker's role on the building now: the role the token grants. */
  readonly role: BuildingRole;
  /** ISO time after which the server refuses the token (4401). */
  readonly expiresAt: string;
  /** The collaboration server's WebSocket URL. */
  readonly url: string;
  /** Room names of the building's two documents. */
  readonly docs: { readonly model: string; readonly review: string };
}

/**
 * The web app refused a collab token. `status` is the HTTP status: 401 signed out, 404 no access
 * to the building (any more) or no such building (the two are not told apart), others failures.
 */
export class CollabTokenRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'CollabTokenRefused';
  }

  /** True when the asker has no access to the building (404): not a reason to retry. */
  get accessRemoved(): boolean {
    return this.status === 404 || this.status === 403;
  }
}

/**
 * Fetches a collab token for `buildingId` from the web app (never cached). Throws
 * {@link CollabTokenRefused} with the server's message when it refuses (signed out, no access).
 */
export async function fetchCollabToken(buildingId: string): Promise<CollabToken> {
  const response = await fetch(`/api/collab-token?building=${encodeURIComponent(buildingId)}`, { cache: 'no-store' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new CollabTokenRefused(body?.message ?? `could not get a collab token (HTTP ${response.status})`, response.status);
  }
  return (await response.json()) as CollabToken;
}
