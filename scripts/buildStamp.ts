import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What a production build of the web app depends on: if any of it changes, `npm start` rebuilds. */
export const WEB_BUILD_INPUTS: readonly string[] = ['app', 'components', 'lib', 'public', 'next.config.js', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json'];
const SKIP = new Set(['node_modules', '.next', '.data']);

/**
 * Content hash of build inputs (paths relative to `root` and bytes, directories walked in sorted
 * order), stable across clones. A missing input counts as absent, so deleting a file changes it too.
 */
export function hashBuildInputs(root: string, inputs: readonly string[] = WEB_BUILD_INPUTS): string {
  const hash = createHash('sha256');
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) if (!SKIP.has(entry)) visit(join(path, entry));
    } else {
      hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  for (const input of inputs) visit(join(root, input));
  return hash.digest('hex');
}

const STAMP = 'arxos-build-stamp';

/** True when `distDir` holds a complete web build of exactly the current inputs. */
export function isBuildCurrent(root: string, distDir: string, inputsHash: string): boolean {
  const stamp = join(root, distDir, STAMP);
  return existsSync(join(root, distDir, 'BUILD_ID')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === inputsHash;
}

/** Records that `distDir` holds a web build of the inputs hashed as `inputsHash`. */
export function writeBuildStamp(root: string, distDir: string, inputsHash: string): void {
  writeFileSync(join(root, distDir, STAMP), inputsHash);
}
