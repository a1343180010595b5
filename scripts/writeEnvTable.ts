/**
 * `npm run docs:env`: writes README.md's configuration table from collab-server/env.ts, between
 * the markers below, so that the table has one source (test/unit/collab/env.test.ts fails when
 * README.md's table differs from the generated one).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderEnvTable } from '../collab-server/env';

/** The line before the generated table. */
export const ENV_TABLE_START = '<!-- env table: generated from collab-server/env.ts by `npm run docs:env`; edit it there -->';
/** The line after the generated table. */
export const ENV_TABLE_END = '<!-- end of env table -->';

/** The table between the markers of `readme`, without the markers; null when the markers are missing. */
export function envTableIn(readme: string): string | null {
  const start = readme.indexOf(ENV_TABLE_START);
  const end = readme.indexOf(ENV_TABLE_END);
  if (start < 0 || end < start) return null;
  return readme.slice(start + ENV_TABLE_START.length, end).trim();
}

/** `readme` with the generated table between its markers. Throws when the markers are missing. */
export function withEnvTable(readme: string, table: string = renderEnvTable()): string {
  const start = readme.indexOf(ENV_TABLE_START);
  const end = readme.indexOf(ENV_TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no env table markers: put "${ENV_TABLE_START}" and "${ENV_TABLE_END}" around the table`);
  return `${readme.slice(0, start + ENV_TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = resolve(import.meta.dirname, '..', 'README.md');
  const before = readFileSync(path, 'utf8');
  const after = withEnvTable(before);
  if (after === before) process.stdout.write('README.md: the env table is up to date\n');
  else {
    writeFileSync(path, after);
    process.stdout.write('README.md: env table written\n');
  }
}
