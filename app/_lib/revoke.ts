import { requestRevocation, type Revocation } from '@/lib/auth/revocation';
import { authSecret } from './runtimeConfig';

/**
 * Asks the collaboration server to close the live connections a change of access affects
 * (lib/auth/revocation.ts has the contract). Never fails the caller: an unreachable server is
 * logged, and the database change stands (tokens are re-checked on every connection).
 */
export async function closeLiveConnections(revocation: Revocation): Promise<void> {
  await requestRevocation(revocation, authSecret());
}
