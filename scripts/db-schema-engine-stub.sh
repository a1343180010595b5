#!/bin/sh
# Stand-in for Prisma's schema-engine binary, which cannot be downloaded on our machines.
# `prisma generate` only needs the variable PRISMA_SCHEMA_ENGINE_BINARY to name an existing
# file; it never runs it. Anything that does run it (prisma migrate / db push) fails here
# with this explanation instead of trying the network.
echo "ArxOS: the Prisma schema engine is not installed. Migrations are applied by lib/db/migrate.ts (npx tsx scripts/db-migrate.ts); see lib/db/README.md." >&2
exit 1
