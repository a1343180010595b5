import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/**
 * The layering of ARCHITECTURE.md section 1, enforced:
 * lib/model is the pure domain core (zod only); lib/doc, lib/ifc and lib/db sit on top of it;
 * nothing in lib/ reaches into app/, components/ or collab-server/.
 */
const UI_AND_APP = ['@/app/*', '@/components/*', '@/collab-server/*', '**/app/**', '**/components/**', '**/collab-server/**'];

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores(['.next/**', '.next-*/**', 'dist/**', 'node_modules/**', '.data/**', 'lib/db/generated/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts']),
  {
    files: ['lib/model/**/*.ts'],
    rules: restrict(
      ['react', 'react/*', 'react-dom', 'react-dom/*', 'three', 'three/*', '@react-three/*', 'yjs', 'y-*', 'lib0', 'lib0/*', '@prisma/*', 'prisma', 'next', 'next/*', 'node:*', 'pg', 'ws', '@/lib/doc/*', '@/lib/db/*', '@/lib/ifc/*', '@/lib/auth/*', '../doc/*', '../db/*', '../ifc/*', '../auth/*', ...UI_AND_APP],
      'lib/model is the pure domain core: it may import only zod and itself (ARCHITECTURE.md section 1).',
    ),
  },
  {
    files: ['lib/doc/**/*.ts'],
    rules: restrict(
      ['react', 'react/*', 'three', 'three/*', '@prisma/*', 'next', 'next/*', 'pg', '@/lib/db/*', '@/lib/ifc/*', '@/lib/auth/*', '../db/*', '../ifc/*', '../auth/*', ...UI_AND_APP],
      'lib/doc binds the model to Yjs: it may import lib/model, yjs and lib0 only.',
    ),
  },
  {
    files: ['lib/protocol/**/*.ts'],
    rules: restrict(['react', 'next', 'next/*', '@prisma/*', 'pg', ...UI_AND_APP], 'lib/protocol holds wire constants only.'),
  },
  {
    files: ['lib/bcf/**/*.ts'],
    rules: restrict(
      ['react', 'react/*', 'three', 'three/*', '@react-three/*', 'yjs', 'y-*', '@prisma/*', 'prisma', 'next', 'next/*', 'node:*', 'pg', 'ws', '@/lib/doc/*', '@/lib/db/*', '@/lib/ifc/*', '@/lib/auth/*', ...UI_AND_APP],
      'lib/bcf reads and writes BCF archives only: bytes in, data out, in Node and the browser (fflate and fast-xml-parser).',
    ),
  },
  {
    files: ['lib/db/**/*.ts', 'lib/ifc/**/*.ts', 'lib/auth/**/*.ts'],
    rules: restrict(['react', 'react/*', ...UI_AND_APP], 'lib/ must not depend on the app, the UI or the collab server.'),
  },
  {
    // The WebXR emulator is for development and tests only: one module imports it, and that module
    // is loaded by a dynamic import from the dev test handle, never by a production page.
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    ignores: ['components/scene/xr/emulator.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['iwer', 'iwer/*', '@iwer/*'], message: 'The WebXR emulator loads only through components/scene/xr/emulator.ts, from the dev test handle (issue #15.7).' }] }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
]);
