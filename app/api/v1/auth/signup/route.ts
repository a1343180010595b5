import { apiError, apiJson, handle, parseBody, requireSameOrigin } from '@/app/_lib/api';
import { createAccount, signUpSchema } from '@/lib/auth/accounts';
import { getPrisma } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/auth/signup {email, name, password} -> 201 {user: {id, email, name}}: creates the
 * account (password hashed with argon2id) and its personal organization, and accepts pending
 * invites for the email. The client then signs in through next-auth. 400 malformed, 409 taken.
 */
export function POST(request: Request) {
  return handle(async () => {
    requireSameOrigin(request);
    const body = await parseBody(request, signUpSchema);
    const created = await createAccount(getPrisma(), body);
    if (!created.ok) return apiError('conflict', 'An account with this email exists already. Sign in instead.');
    return apiJson({ user: created.value }, 201);
  });
}
