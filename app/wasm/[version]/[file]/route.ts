import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WEB_IFC_VERSION } from '@/components/ifc/webIfcVersion';

/**
 * web-ifc's browser WebAssembly, served from the installed package (never a CDN, never a copy in
 * public/ that could drift from the JavaScript that loads it: a wasm from another version fails
 * silently, notes/ifc.md 1.2). The URL names the version, so the file is cached for good.
 */
const FILE = path.join(process.cwd(), 'node_modules', 'web-ifc', 'web-ifc.wasm');

export async function GET(_request: Request, { params }: { params: Promise<{ version: string; file: string }> }): Promise<Response> {
  const { version, file } = await params;
  if (version !== WEB_IFC_VERSION || file !== 'web-ifc.wasm') return new Response('No such file.', { status: 404 });
  const body = await readFile(FILE);
  return new Response(new Uint8Array(body), { headers: { 'content-type': 'application/wasm', 'cache-control': 'public, max-age=31536000, immutable' } });
}
