#!/usr/bin/env node
// Generates the Prisma client into lib/db/generated, offline.
//
// Runs `prisma generate` with PRISMA_SCHEMA_ENGINE_BINARY pointed at a stub, because the CLI
// otherwise tries to download the schema engine (which generate does not need) and fails
// without network. An engine configured by the caller is respected. Telemetry is disabled.
// Plain .mjs (not .ts) so that it runs from `npm install`'s postinstall with nothing but node.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));

let cli;
try {
  cli = require.resolve('prisma/build/index.js', { paths: [root] });
} catch (cause) {
  throw new Error('db-generate: the `prisma` CLI package is not installed (it is a devDependency; install without --omit=dev).', { cause });
}

const result = spawnSync(process.execPath, [cli, 'generate'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY:
      process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(new URL('./db-schema-engine-stub.sh', import.meta.url)),
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
if (result.error) throw result.error;
process.exit(result.status ?? 1);
