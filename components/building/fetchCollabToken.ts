/** What `/api/collab-token` answers: a short-lived token for the collaboration server. */
export interface CollabToken {
  readonly token: string;
  readonly role: string;
  /** ISO time after which the server refuses the token (4401). */
  readonly expiresAt: string;
  /** The collaboration server's WebSocket URL. */
  readonly url: string;
  /** Room names of the building's two documents. */
  readonly docs: { readonly model: string; readonly review: string };
}

/**
 * Fetches a collab token for `buildingId` from the web app (never cached). Throws an Error with
 * the server's message when it refuses (signed out, no access).
 */
export async function fetchCollabToken(buildingId: string): Promise<CollabToken> {
  const response = await fetch(`/api/collab-token?building=${encodeURIComponent(buildingId)}`, { cache: 'no-store' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new Error(body?.message ?? `could not get a collab token (HTTP ${response.status})`);
  }
  return (await response.json()) as CollabToken;
}
