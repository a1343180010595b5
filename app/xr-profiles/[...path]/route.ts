import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * WebXR controller and hand profiles (layouts and models of every headset's controllers) served
 * from the @webxr-input-profiles/assets package, so @react-three/xr never fetches them from a CDN
 * (notes/xr.md: offline, controllers never appear otherwise). Versioned package files: cached
 * for a day. Only files under the package's profiles folder, by a strict name pattern.
 */
const ROOT = path.join(process.cwd(), 'node_modules', '@webxr-input-profiles', 'assets', 'dist', 'profiles');
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/;
const TYPES: Record<string, string> = { '.json': 'application/json', '.glb': 'model/gltf-binary' };

export async function GET(_request: Request, { params }: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const segments = (await params).path;
  const type = TYPES[path.extname(segments.at(-1) ?? '')];
  if (segments.length > 2 || !type || !segments.every((s) => SEGMENT.test(s) && !s.includes('..'))) {
    return new Response('No such XR profile file.', { status: 404 });
  }
  try {
    const body = await readFile(path.join(ROOT, ...segments));
    return new Response(new Uint8Array(body), { headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' } });
  } catch {
    return new Response('No such XR profile file.', { status: 404 });
  }
}
