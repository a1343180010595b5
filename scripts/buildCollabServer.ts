/**
 * The collaboration server as plain JavaScript, for `npm start` and the collab bench.
 *
 * Running TypeScript through tsx costs every process its loader (esbuild's service and the
 * transform cache, 60-80 MB of RSS in an idle server). So `npm start` bundles collab-server/ and
 * the lib/ code it imports (tsconfig `@/` paths resolved) into one ES module and runs it with
 * plain `node`. Packages stay imports of node_modules: Prisma's generated client loads its query
 * compiler (wasm) from `@prisma/client/runtime`, and pino resolves its own files, exactly as under
 * tsx. The bundle is rebuilt only when a file it was made from changes (or tsconfig.json, the
 * lockfile, or these build options): the stamp lists the files esbuild read and their hash.
 *
 * `npm run build:collab` builds it by hand. Stack traces name the bundle's lines; run node with
 * `--enable-source-maps` to map them to the TypeScript (the source map is written alongside).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync, version as esbuildVersion, type BuildOptions } from 'esbuild';
import { hashBuildInputs } from './buildStamp';

/** Where {@link buildCollabServer} puts the bundle by default, relative to the repository root. */
export const COLLAB_BUILD_DIR = 'dist/collab-server';
const ROOT = resolve(import.meta.dirname, '..');
const STAMP = 'build-stamp.json';
const OUT_FILE = 'index.mjs';
/** Inputs esbuild reads besides the modules: path aliases and the versions of what it bundles. */
const CONFIG_INPUTS = ['tsconfig.json', 'package-lock.json'];

/** Options of {@link buildCollabServer}. */
export interface CollabBuildOptions {
  /** Repository root. Default: the one holding this script. */
  root?: string;
  /** Entry module, relative to `root`. Default `collab-server/index.ts`. */
  entry?: string;
  /**
   * Output directory, relative to `root`. Default {@link COLLAB_BUILD_DIR}. It must lie inside
   * `root`: the bundle's package imports resolve from the node_modules above it.
   */
  outDir?: string;
  /** Build even when the stamp says the bundle is current. Default false. */
  force?: boolean;
}

/** Where the bundle is, and whether this call (re)built it. */
export interface CollabBuild {
  /** Absolute path of the ES module to run with `node`. */
  file: string;
  built: boolean;
}

interface Stamp {
  /** Files the bundle was made from, relative to the root. */
  inputs: string[];
  hash: string;
}

/**
 * Bundles the collaboration server unless the bundle in `outDir` was made from exactly the
 * current sources (see the module comment). The new files replace the old ones by rename, so a
 * server starting meanwhile reads either build whole. Throws with esbuild's messages when the
 * sources do not build.
 */
export function buildCollabServer(options: CollabBuildOptions = {}): CollabBuild {
  const root = options.root ?? ROOT;
  const entry = options.entry ?? 'collab-server/index.ts';
  const outDir = resolve(root, options.outDir ?? COLLAB_BUILD_DIR);
  if (relative(root, outDir).startsWith('..') || isAbsolute(relative(root, outDir))) throw new Error(`buildCollabServer: outDir must lie inside ${root}, got ${outDir}`);
  const file = join(outDir, OUT_FILE);
  const esbuildOptions = {
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    tsconfig: existsSync(join(root, 'tsconfig.json')) ? join(root, 'tsconfig.json') : undefined,
    metafile: true,
    write: false,
    logLevel: 'silent',
  } satisfies BuildOptions;
  // The options (minus where they write) and esbuild's version are part of what the bundle is made from.
  const recipe = JSON.stringify({ esbuildVersion, ...esbuildOptions, absWorkingDir: undefined, outfile: relative(root, file) });
  const hashOf = (inputs: readonly string[]) => createHash('sha256').update(recipe).update('\0').update(hashBuildInputs(root, [...inputs, ...CONFIG_INPUTS])).digest('hex');

  const stampFile = join(outDir, STAMP);
  if (!options.force && existsSync(file) && existsSync(stampFile)) {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as Stamp;
    if (hashOf(stamp.inputs) === stamp.hash) return { file, built: false };
  }

  const result = buildSync(esbuildOptions);
  const inputs = Object.keys(result.metafile.inputs).sort();
  mkdirSync(outDir, { recursive: true });
  for (const output of result.outputFiles) {
    const temporary = `${output.path}.${process.pid}.tmp`;
    writeFileSync(temporary, output.contents);
    renameSync(temporary, output.path);
  }
  writeFileSync(stampFile, `${JSON.stringify({ inputs, hash: hashOf(inputs) } satisfies Stamp, null, 2)}\n`);
  return { file, built: true };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { file } = buildCollabServer({ force: true });
  process.stdout.write(`built ${relative(process.cwd(), file)} (run it with: node ${relative(process.cwd(), file)})\n`);
}
