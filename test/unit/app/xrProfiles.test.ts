import { describe, expect, it } from 'vitest';
import { GET } from '@/app/xr-profiles/[...path]/route';

const get = (...path: string[]) => GET(new Request(`http://localhost/xr-profiles/${path.join('/')}`), { params: Promise.resolve({ path }) });

describe('GET /xr-profiles/… (WebXR controller profiles served locally)', () => {
  it('serves the profiles list and a controller model from the package, cacheable', async () => {
    const list = await get('profilesList.json');
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toBe('application/json');
    expect(list.headers.get('cache-control')).toContain('max-age');
    const profiles = (await list.json()) as Record<string, { path: string }>;
    expect(Object.keys(profiles)).toContain('meta-quest-touch-plus');
    const model = await get('meta-quest-touch-plus', 'left.glb');
    expect(model.status).toBe(200);
    expect(model.headers.get('content-type')).toBe('model/gltf-binary');
    expect(new TextDecoder().decode((await model.arrayBuffer()).slice(0, 4))).toBe('glTF');
  });

  it.each([
    [['..', 'package.json']],
    [['meta-quest-touch-plus', '..', '..', 'package.json']],
    [['%2e%2e', 'package.json']],
    [['.hidden.json']],
    [['profilesList.js']],
    [['meta-quest-touch-plus', 'left.glb', 'x.json']],
    [['no-such-profile', 'profile.json']],
  ])('answers 404 in words for %j, reading nothing outside the profiles', async (path) => {
    const response = await get(...path);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('No such XR profile file.');
  });
});
