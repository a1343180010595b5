import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GET } from '@/app/wasm/[version]/[file]/route';
import { WEB_IFC_VERSION, WEB_IFC_WASM_PATH } from '@/components/ifc/webIfcVersion';

const ROOT = resolve(import.meta.dirname, '../../..');
const get = (version: string, file: string) => GET(new Request(`http://localhost/wasm/${version}/${file}`), { params: Promise.resolve({ version, file }) });

describe('GET /wasm/<version>/web-ifc.wasm (the IFC reader in the browser, served from the installed package)', () => {
  it('names the installed web-ifc version, so a new version is a new URL', () => {
    const installed = (JSON.parse(readFileSync(resolve(ROOT, 'node_modules/web-ifc/package.json'), 'utf8')) as { version: string }).version;
    expect(WEB_IFC_VERSION).toBe(installed);
    expect(WEB_IFC_WASM_PATH).toBe(`/wasm/${installed}/`);
  });

  it('serves the package’s browser wasm, cached for good', async () => {
    const response = await get(WEB_IFC_VERSION, 'web-ifc.wasm');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/wasm');
    expect(response.headers.get('cache-control')).toContain('immutable');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Array.from(bytes.slice(0, 4))).toEqual([0x00, 0x61, 0x73, 0x6d]);
    expect(bytes.byteLength).toBe(readFileSync(resolve(ROOT, 'node_modules/web-ifc/web-ifc.wasm')).byteLength);
  });

  it.each([
    ['0.0.1', 'web-ifc.wasm'],
    [WEB_IFC_VERSION, 'web-ifc-node.wasm'],
    [WEB_IFC_VERSION, '..%2fpackage.json'],
    [WEB_IFC_VERSION, 'web-ifc-api.js'],
  ])('answers 404 for version %s, file %s', async (version, file) => {
    expect((await get(version, file)).status).toBe(404);
  });
});
