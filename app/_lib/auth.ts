import type { NextAuthOptions } from 'next-auth';
import { createAuthOptions } from '@/lib/auth/authOptions';
import { getPrisma } from '@/lib/db/client';
import { authSecret } from './runtimeConfig';

let cached: { secret: string; options: NextAuthOptions } | undefined;

/** The app's next-auth options (lib/auth/authOptions.ts), built once per AUTH_SECRET. */
export function authOptions(): NextAuthOptions {
  const secret = authSecret();
  if (cached?.secret !== secret) cached = { secret, options: createAuthOptions({ prisma: getPrisma, secret }) };
  return cached.options;
}
