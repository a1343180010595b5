/**
 * Prisma CLI configuration (Prisma 7 reads the datasource URL here, not from schema.prisma).
 *
 * - `npm run db:generate` (also run by postinstall) generates the client into lib/db/generated,
 *   offline; see scripts/db-generate.mjs.
 * - Migrations are applied by lib/db/migrate.ts at start-up. Where Prisma's schema engine is
 *   installed, `prisma migrate deploy` applies the same folder and agrees on `_prisma_migrations`;
 *   it uses DATABASE_URL below.
 */
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  // Optional: only migrate/introspect commands need it, and generate must work without it.
  datasource: { url: process.env.DATABASE_URL },
});
