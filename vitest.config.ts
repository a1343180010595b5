import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./', import.meta.url)) } },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time on the 2-core CI machine (vitest's default there is one): most of the
    // integration files wait on timers, sockets and the database rather than compute. Measured on
    // 2026-12-05: the suite in 520 s instead of 718 s, all passing.
    maxWorkers: 2,
    // Type tests (`*.test-d.ts`, expectTypeOf) are reported as tests; tsc checks only them and what they import.
    typecheck: { enabled: true, include: ['test/unit/**/*.test-d.ts'], tsconfig: 'test/tsconfig.typecheck.json' },
  },
});
