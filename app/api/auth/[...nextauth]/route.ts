import NextAuth from 'next-auth';
import { authOptions } from '@/app/_lib/auth';

export const dynamic = 'force-dynamic';

/** next-auth's endpoints (sign-in, callbacks, CSRF token, session, sign-out) under /api/auth. */
async function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return (NextAuth(authOptions()) as (req: Request, ctx: unknown) => Promise<Response>)(request, context);
}

export { handler as GET, handler as POST };
