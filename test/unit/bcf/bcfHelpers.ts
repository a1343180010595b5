/**
 * Shared by the BCF tests: the official samples (shared/bcf), a topic with every part filled in,
 * xmllint, and hand-made zips (a zip bomb, an entry that lies about its size) that fflate's
 * zipSync cannot make.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { expect } from 'vitest';
import { BcfImportError, bcfVector, type BcfArchive, type BcfTopic, type BcfVersion } from '@/lib/bcf/types';

/** The official samples and schemas: `../shared/bcf` beside the repository (shared/bcf/SOURCES.md). */
export const SHARED = fileURLToPath(new URL('../../../../shared/bcf/', import.meta.url));
export const SAMPLES_3 = join(SHARED, 'samples');
export const SAMPLES_21 = join(SHARED, 'samples-2.1');
export const SCHEMAS_3 = join(SHARED, 'schemas');
export const SCHEMAS_21 = join(SHARED, 'schemas-2.1');

export function sample(dir: string, name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(dir, name)));
}

/** The error `run` throws, which must be a BcfImportError. */
export function importError(run: () => unknown): BcfImportError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BcfImportError);
    return error as BcfImportError;
  }
  throw new Error('expected a BcfImportError, but nothing was thrown');
}

/** A PNG's signature and IHDR (width × height); enough for the magic check and the aspect ratio. */
export function tinyPng(width = 320, height = 200): Uint8Array {
  const bytes = new Uint8Array(33);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set([8, 6, 0, 0, 0], 24);
  return bytes;
}

export const TOPIC_GUID = '0f7a2f0c-5e4b-4d6a-9c1e-3b2a1d0e9f8a';
export const VIEWPOINT_GUID = '7d1e2c3b-4a59-4687-a7b6-c5d4e3f2a1b0';
export const ORTHO_GUID = '8e2f3d4c-5b6a-4798-b8c7-d6e5f4a3b2c1';
export const TRICKY_TEXT = 'Wall < 2 m & door "A" isn\'t > 90 cm\nsecond line: ü € 🏗';

/** A topic with every part ArxOS maps: special characters, two cameras, clipping, selection, hidden and coloured components, a snapshot. */
export function fullTopic(): BcfTopic {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
  return {
    guid: TOPIC_GUID,
    type: 'Clash',
    status: 'In Progress',
    title: 'Door <D-12> & wall "W-3" overlap',
    priority: 'High',
    labels: ['Architecture', 'MEP'],
    creationDate: '2026-11-20T09:15:00Z',
    creationAuthor: 'ana@example.com',
    modifiedDate: '2026-11-21T10:00:00.123Z',
    modifiedAuthor: 'ben@example.com',
    dueDate: '2026-12-01T17:00:00Z',
    assignedTo: 'ben@example.com',
    stage: 'Design',
    description: 'Check the opening & its frame.',
    referenceLinks: ['https://arxos.example/b/1?a=1&b=2'],
    relatedTopics: ['11111111-2222-4333-8444-555555555555'],
    documentReferences: [{ guid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', url: 'https://example.com/spec.pdf', description: 'Spec' }],
    headerFiles: [{ ifcProject: '0YvctVUKr0kugbFTf53O9L', isExternal: true, filename: 'House.ifc', date: '2026-11-01T08:00:00Z' }],
    comments: [
      { guid: 'c0000000-0000-4000-8000-000000000001', date: '2026-11-20T09:16:00Z', author: 'ana@example.com', text: TRICKY_TEXT, viewpointGuid: VIEWPOINT_GUID },
      { guid: 'c0000000-0000-4000-8000-000000000002', date: '2026-11-20T09:20:00Z', author: 'ben@example.com', text: 'Agreed.', modifiedDate: '2026-11-20T09:21:00Z', modifiedAuthor: 'ben@example.com' },
    ],
    viewpoints: [
      {
        guid: VIEWPOINT_GUID,
        index: 0,
        camera: { kind: 'perspective', position: bcfVector(12.5, -3.25, 8), direction: bcfVector(-0.6, 0.6, -0.52915), up: bcfVector(-0.37, 0.37, 0.85), fieldOfView: 50, aspectRatio: 1.6 },
        components: {
          selection: [{ ifcGuid: '2O2Fr$t4X7Zf8NOew3FLOH', originatingSystem: 'ArxOS', authoringToolId: 'wall-42' }],
          visibility: { defaultVisibility: true, exceptions: [{ ifcGuid: '1hOSvn6df7F8_7GcBWlRGQ' }, { ifcGuid: '3cUkl32yn9qRSPvBJVyWYp' }], viewSetupHints: { spacesVisible: false, spaceBoundariesVisible: false, openingsVisible: true } },
          coloring: [{ color: 'ff0000', components: [{ ifcGuid: '2O2Fr$t4X7Zf8NOew3FLOH' }] }],
        },
        clippingPlanes: [{ location: bcfVector(0, 0, 1.2), direction: bcfVector(0, 0, 1) }],
        lines: [{ start: bcfVector(0, 0, 0), end: bcfVector(1, 2, 3) }],
        bitmaps: [],
        snapshot: { bytes: tinyPng(), mime: 'image/png' },
      },
      {
        guid: ORTHO_GUID,
        camera: { kind: 'orthogonal', position: bcfVector(5, 5, 30), direction: bcfVector(0, 0, -1), up: bcfVector(-1, 0, 0), viewToWorldScale: 12.5, aspectRatio: 1.25 },
        components: { selection: [], visibility: { defaultVisibility: false, exceptions: [{ ifcGuid: '2O2Fr$t4X7Zf8NOew3FLOH' }] }, coloring: [] },
        clippingPlanes: [],
        lines: [],
        bitmaps: [],
        snapshot: { bytes: jpeg, mime: 'image/jpeg' },
      },
    ],
  };
}

export function fullArchive(): BcfArchive {
  return {
    version: '3.0',
    project: { id: 'arxos-building-1', name: 'Haus & Hof' },
    extensions: { topicTypes: ['Issue', 'Clash'], topicStatuses: ['Open', 'In Progress', 'Closed'], priorities: ['Low', 'High'], topicLabels: ['Architecture'], users: ['ana@example.com'], snippetTypes: [], stages: ['Design'] },
    topics: [fullTopic()],
  };
}

/** Where xmllint is, or undefined. */
export function findXmllint(): string | undefined {
  for (const path of ['/usr/bin/xmllint', '/usr/local/bin/xmllint']) if (existsSync(path)) return path;
  const found = spawnSync('sh', ['-c', 'command -v xmllint'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : undefined;
}

/** Writes `files` (path → content) into a fresh temp dir, calls `run`, removes the dir. */
export function withTempDir<T>(files: Record<string, Uint8Array | string>, run: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'bcf-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** xmllint's verdict on `file` against `schema`: '' when it validates, else its messages. */
export function xmllintErrors(xmllint: string, schema: string, file: string): string {
  try {
    execFileSync(xmllint, ['--noout', '--schema', schema, file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    const e = error as { stderr?: Buffer };
    return e.stderr?.toString() || String(error);
  }
}

/** One entry of a hand-made zip. `declaredSize` defaults to the data's real uncompressed size. */
export interface RawEntry {
  readonly name: string;
  readonly data: Uint8Array;
  /** 0 stored, 8 deflate (then `data` is raw deflate). */
  readonly method: 0 | 8;
  readonly declaredSize: number;
}

/** A zip holding `entries` as given (sizes are not checked: that is the point). CRCs are left 0. */
export function rawZip(entries: readonly RawEntry[]): Uint8Array {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, e.method, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, e.declaredSize, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, e.method, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, e.declaredSize, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    parts.push(local, e.data);
    central.push(cd);
    offset += local.length + e.data.length;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const all = [...parts, ...central, end];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let p = 0;
  for (const part of all) {
    out.set(part, p);
    p += part.length;
  }
  return out;
}

/**
 * Raw deflate of `n` zero bytes (n − 1 a multiple of 258), built by hand in one fixed-Huffman
 * block: a literal 0, then (n − 1) / 258 copies of <length 258, distance 1>, 13 bits each. 300 MB
 * of zeros take 1.9 MB and a few milliseconds, without ever holding the zeros.
 */
export function deflatedZeros(n: number): Uint8Array {
  const matches = (n - 1) / 258;
  if (!Number.isInteger(matches)) throw new Error('deflatedZeros: n − 1 must be a multiple of 258');
  const out = new Uint8Array(Math.ceil((3 + 8 + matches * 13 + 7) / 8) + 1);
  let bit = 0;
  const put = (value: number, count: number) => {
    for (let i = 0; i < count; i++, bit++) if ((value >> i) & 1) out[bit >> 3]! |= 1 << (bit & 7);
  };
  // Huffman codes are written most significant bit first; put() writes least significant first.
  const code = (value: number, length: number) => {
    let reversed = 0;
    for (let i = 0; i < length; i++) reversed |= ((value >> i) & 1) << (length - 1 - i);
    put(reversed, length);
  };
  put(1, 1); // BFINAL
  put(1, 2); // BTYPE 01: fixed Huffman
  code(0x30, 8); // literal 0
  for (let i = 0; i < matches; i++) {
    code(0xc5, 8); // length symbol 285 (258)
    code(0, 5); // distance code 0 (1)
  }
  code(0, 7); // end of block (256)
  return out.subarray(0, (bit + 7) >> 3);
}

/** The XSD each part of an archive is checked against (undefined: not XML, or no schema). */
export function schemaOf(path: string, version: BcfVersion): string | undefined {
  const dir = version === '3.0' ? SCHEMAS_3 : SCHEMAS_21;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'bcf.version') return join(dir, 'version.xsd');
  if (name === 'markup.bcf') return join(dir, 'markup.xsd');
  if (name.endsWith('.bcfv')) return join(dir, 'visinfo.xsd');
  if (name === 'project.bcfp') return join(dir, 'project.xsd');
  if (version === '3.0' && path === 'extensions.xml') return join(dir, 'extensions.xsd');
  if (version === '3.0' && path === 'documents.xml') return join(dir, 'documents.xsd');
  return undefined;
}

/** Unpacks `zip` into a temp dir and validates every XML part: the errors by path, and the parts checked. */
export function validateArchive(zip: Uint8Array, version: BcfVersion, xmllint: string): { errors: Record<string, string>; checked: string[] } {
  const files = Object.fromEntries(Object.entries(unzipSync(zip)).filter(([path]) => !path.endsWith('/')));
  return withTempDir(files, (dir) => {
    const errors: Record<string, string> = {};
    const checked: string[] = [];
    for (const path of Object.keys(files)) {
      const schema = schemaOf(path, version);
      if (!schema) continue;
      checked.push(path);
      const error = xmllintErrors(xmllint!, schema, join(dir, path));
      if (error) errors[path] = error;
    }
    return { errors, checked };
  });
}

