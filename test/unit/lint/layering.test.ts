import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });

/** Lints `source` as if it lived at `path` and returns the messages of the layering rule. */
async function layeringErrors(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: resolve(ROOT, path) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layering of ARCHITECTURE.md section 1 is enforced by lint', () => {
  it.each([
    ['react', "import { useState } from 'react';"],
    ['three', "import * as THREE from 'three';"],
    ['yjs', "import * as Y from 'yjs';"],
    ['prisma', "import { PrismaClient } from '@prisma/client';"],
    ['next', "import Link from 'next/link';"],
    ['node built-ins', "import { readFileSync } from 'node:fs';"],
    ['lib/doc', "import { readBuilding } from '../doc/readBuilding';"],
    ['the app', "import { loadBuilding } from '@/app/_lib/loadBuilding';"],
  ])('rejects an import of %s in lib/model', async (_name, source) => {
    const errors = await layeringErrors('lib/model/example.ts', `${source}\nexport const x = 1;\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('lib/model is the pure domain core');
  });

  it('allows zod and lib/model itself in lib/model', async () => {
    expect(await layeringErrors('lib/model/example.ts', "import { z } from 'zod';\nimport { ok } from './result';\nexport const s = z.string();\nexport const r = ok;\n")).toEqual([]);
  });

  it('rejects Prisma and React in lib/doc but allows yjs and lib/model', async () => {
    expect(await layeringErrors('lib/doc/example.ts', "import { PrismaClient } from '@prisma/client';\nexport const p = PrismaClient;\n")).toHaveLength(1);
    expect(await layeringErrors('lib/doc/example.ts', "import * as Y from 'yjs';\nimport { ok } from '../model';\nexport const d = [Y, ok];\n")).toEqual([]);
  });

  it('keeps lib/bcf to bytes in, data out: no node:, Yjs or the database; fflate and fast-xml-parser allowed', async () => {
    for (const source of ["import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", "import * as Y from 'yjs';\nexport const y = Y;\n", "import { getPrisma } from '@/lib/db/client';\nexport const p = getPrisma;\n"]) {
      const errors = await layeringErrors('lib/bcf/example.ts', source);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('lib/bcf reads and writes BCF archives only');
    }
    expect(await layeringErrors('lib/bcf/example.ts', "import { unzipSync } from 'fflate';\nimport { XMLParser } from 'fast-xml-parser';\nexport const u = [unzipSync, XMLParser];\n")).toEqual([]);
  });

  it('rejects the UI in lib/db', async () => {
    expect(await layeringErrors('lib/db/example.ts', "import { BuildingOverview } from '@/components/building/BuildingOverview';\nexport const c = BuildingOverview;\n")).toHaveLength(1);
  });

  it.each([
    ['components/scene/SceneView.tsx', "import { XRDevice } from 'iwer';\nexport const d = XRDevice;\n"],
    ['components/building/LiveBuilding.tsx', "import { SyntheticEnvironmentModule } from '@iwer/sem';\nexport const s = SyntheticEnvironmentModule;\n"],
    ['app/buildings/example.tsx', "import { XRDevice } from 'iwer';\nexport const d = XRDevice;\n"],
  ])('keeps the WebXR emulator out of %s (dev and test only, issue #15.7)', async (path, source) => {
    const errors = await layeringErrors(path, source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('The WebXR emulator loads only through components/scene/xr/emulator.ts');
  });

  it('lets the emulator module itself import it', async () => {
    expect(await layeringErrors('components/scene/xr/emulator.ts', "import { XRDevice } from 'iwer';\nexport const d = XRDevice;\n")).toEqual([]);
  });
});

