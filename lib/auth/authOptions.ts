/**
 * next-auth (v4) configuration: JWT sessions; a Credentials provider (email + password, argon2id,
 * rate-limited per email and per client address) always on; GitHub and Google when their env vars
 * are set. Pages are ours (`/login`, `/signup`); errors come back in words.
 */
import type { NextAuthOptions, User } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import GitHubProvider from 'next-auth/providers/github';
import GoogleProvider from 'next-auth/providers/google';
import { z } from 'zod';
import type { PrismaClient } from '@/lib/db/generated/client';
import { acceptPendingInvites, createAccount, emailSchema } from './accounts';
import { verifyPassword } from './password';
import { SIGN_IN_ERRORS } from './signInMessages';
import { checkSignInAllowed, clientAddress, describeSignInLimit, recordSignInAttempt, type SignInLimits } from './signInRateLimit';

export { SIGN_IN_ERRORS };

/** Session lifetime: 7 days (a stolen cookie is good for at most that long). */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 3600;

/** OAuth providers that are switched on, by their env vars. */
export function enabledOAuthProviders(env: Readonly<Record<string, string | undefined>> = process.env): { id: 'github' | 'google'; name: string }[] {
  const providers: { id: 'github' | 'google'; name: string }[] = [];
  if (env.GITHUB_ID && env.GITHUB_SECRET) providers.push({ id: 'github', name: 'GitHub' });
  if (env.GOOGLE_ID && env.GOOGLE_SECRET) providers.push({ id: 'google', name: 'Google' });
  return providers;
}

const credentialsSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) });

export interface AuthOptionsInput {
  prisma: () => PrismaClient;
  secret: string;
  env?: Record<string, string | undefined>;
  limits?: SignInLimits;
}

/**
 * The next-auth options. Without NEXTAUTH_URL, next-auth v4 is told to derive its URL from the
 * request (AUTH_TRUST_HOST), so one build serves any host and port (the launcher's, the tests').
 * Cookies are `Secure` (and `__Secure-`/`__Host-` prefixed) when that URL is https.
 */
export function createAuthOptions({ prisma, secret, env = process.env, limits }: AuthOptionsInput): NextAuthOptions {
  // next-auth v4 reads these from process.env itself.
  if (!env.NEXTAUTH_URL && env.AUTH_TRUST_HOST === undefined) env.AUTH_TRUST_HOST = '1';

  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      id: 'credentials',
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request): Promise<User | null> {
        const parsed = credentialsSchema.safeParse(credentials ?? {});
        if (!parsed.success) throw new Error(SIGN_IN_ERRORS.malformed);
        const { email, password } = parsed.data;
        const ip = clientAddress((request?.headers ?? {}) as Record<string, string>);
        const db = prisma();
        const allowed = await checkSignInAllowed(db, { email, ip }, { limits });
        if (!allowed.ok) throw new Error(describeSignInLimit(allowed));
        const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true } });
        const valid = await verifyPassword(user?.passwordHash, password);
        await recordSignInAttempt(db, { email, ip, succeeded: valid });
        if (!valid || !user) throw new Error(SIGN_IN_ERRORS.invalid);
        await acceptPendingInvites(db, user);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ];
  if (env.GITHUB_ID && env.GITHUB_SECRET) providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  if (env.GOOGLE_ID && env.GOOGLE_SECRET) providers.push(GoogleProvider({ clientId: env.GOOGLE_ID, clientSecret: env.GOOGLE_SECRET }));

  return {
    secret,
    providers,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/login', error: '/login' },
    // Codes and messages only: metadata can hold request bodies, and bodies hold passwords.
    logger: {
      error: (code, metadata) => console.error(`[auth] ${code}: ${metadata instanceof Error ? metadata.message : ((metadata as { error?: Error })?.error?.message ?? '')}`),
      warn: (code) => console.warn(`[auth] ${code}`),
      debug: () => {},
    },
    callbacks: {
      /** OAuth: the account is found by (verified) email, or created with its personal organization. */
      async signIn({ user, account, profile }) {
        if (!account || account.provider === 'credentials') return true;
        const email = user.email?.toLowerCase();
        if (!email) return '/login?error=' + encodeURIComponent(SIGN_IN_ERRORS.noEmail);
        if (account.provider === 'google' && (profile as { email_verified?: boolean } | undefined)?.email_verified === false) {
          return '/login?error=' + encodeURIComponent(SIGN_IN_ERRORS.unverifiedGoogle);
        }
        const db = prisma();
        const existing = await db.user.findUnique({ where: { email }, select: { id: true, email: true } });
        if (existing) await acceptPendingInvites(db, existing);
        else await createAccount(db, { email, name: user.name || email.split('@')[0]! });
        return true;
      },
      /** The token's subject is always our user id (for OAuth, found by email). */
      async jwt({ token, user, account }) {
        if (user && account) {
          if (account.provider === 'credentials') token.sub = user.id;
          else {
            const row = await prisma().user.findUnique({ where: { email: user.email!.toLowerCase() }, select: { id: true, name: true } });
            if (row) {
              token.sub = row.id;
              token.name = row.name;
            }
          }
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}
