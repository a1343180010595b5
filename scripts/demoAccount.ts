/**
 * The seeded demo account, for local sign-in on the embedded default (`npm start`):
 * demo@arxos.local with the password below, owner of the demo building. The password is set only
 * outside production (NODE_ENV != production), or to ARXOS_DEMO_PASSWORD when that is set;
 * deployments should run with ARXOS_SEED=0 anyway.
 */
export const DEMO_EMAIL = 'demo@arxos.local';
export const DEMO_NAME = 'Demo User';
export const DEFAULT_DEMO_PASSWORD = 'arxos-demo-password';

/** The password the seed gives the demo user, or null for none (production without ARXOS_DEMO_PASSWORD). */
export function demoPassword(env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  if (env.ARXOS_DEMO_PASSWORD) return env.ARXOS_DEMO_PASSWORD;
  return env.NODE_ENV === 'production' ? null : DEFAULT_DEMO_PASSWORD;
}
