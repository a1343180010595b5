import { expect, test, type Page } from '@playwright/test';
import { adaAndBoInARoom, SceneView } from './pages/SceneView';

/**
 * AR and VR with the emulated headset (IWER's Meta Quest 3 in a scanned office, installed by the
 * dev test handle; notes/xr.md): the test moves the headset and presses its controllers as a person
 * would move their head and hands, and another user watches from a browser.
 */

type Xr = { frames?: number; hit?: number[]; placed?: { position: number[]; scale: number }; origin?: number[]; head?: number[]; panel?: string };
type Handle = {
  installXREmulator(): Promise<boolean>;
  xrProbe(): Promise<Xr>;
  xrDevice: {
    position: { set(x: number, y: number, z: number): void };
    quaternion: { set(x: number, y: number, z: number, w: number): void };
    remote: { dispatch(method: string, params: unknown): Promise<unknown> };
  };
  scene: { store: { getState(): { mode: string | null; session?: { end(): Promise<void> }; inputSourceStates: { type: string; inputSource: { handedness: string } }[] } } };
};
const handle = <T, A>(page: Page, fn: (h: Handle, a: A) => T | Promise<T>, arg: A): Promise<T> =>
  page.evaluate(({ body, a }) => new Function('h', 'a', `return (${body})(h, a)`)((window as unknown as { __arxos: Handle }).__arxos, a) as T, { body: fn.toString(), a: arg });
const probe = (page: Page) => handle(page, (h) => h.xrProbe(), null);
const controllers = (page: Page) =>
  handle(page, (h) => h.scene.store.getState().inputSourceStates.filter((s) => s.type === 'controller').map((s) => s.inputSource.handedness).sort(), null);
/**
 * Presses a controller button (0 trigger, 1 grip, 3 A, 4 B) and holds it for two XR frames, then
 * releases it for two more: however slow SwiftShader's frames are, the app sees the press and the
 * release as separate frames (IWER's timed `select` can press and release within one slow frame).
 */
const press = async (page: Page, index: number, device = 'controller-right') => {
  const frames = () => probe(page).then((p) => p.frames ?? 0);
  for (const value of [1, 0]) {
    const from = await frames();
    await handle(page, (h, a) => h.xrDevice.remote.dispatch('set_gamepad_state', { device: a.device, buttons: [{ index: a.index, value: a.value }] }), { device, index, value });
    await expect.poll(frames).toBeGreaterThanOrEqual(from + 2);
  }
};
const mode = (page: Page) => handle(page, (h) => h.scene.store.getState().mode, null);

test('AR places the building by hit test and turns it; in VR a browser user sees the headset user’s head in awareness, in 3D and on the plan, follows it; the trigger selects, the grip moves, the thumbstick teleports, A/B change storey', async ({ browser }) => {
  test.setTimeout(150_000);
  const { ada, bo, wall } = await adaAndBoInARoom(browser, 'XR');
  // Nothing is fetched from the internet: not the emulator's rooms, not the controller profiles.
  const external: string[] = [];
  for (const context of [ada.context, bo.context]) {
    context.on('request', (r) => {
      if (!['127.0.0.1', 'localhost'].includes(new URL(r.url()).hostname) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url());
    });
  }
  const adaScene = new SceneView(ada.page);
  await adaScene.show('3D');
  await handle(ada.page, (h) => h.installXREmulator(), null);

  // --- AR: a hit test on the scanned room places the building; then exit ---
  await adaScene.toolbar.getByRole('button', { name: 'View in AR' }).click();
  await expect.poll(() => mode(ada.page)).toBe('immersive-ar');
  await expect.poll(() => probe(ada.page).then((p) => p.hit ?? null), { timeout: 20_000 }).not.toBeNull();
  expect((await probe(ada.page)).placed).toBeUndefined();
  // Look down at the desk, then press the trigger.
  await handle(ada.page, (h) => h.xrDevice.remote.dispatch('set_transform', { device: 'headset', position: { x: 0, y: 1.6, z: 0 }, orientation: { pitch: -30, yaw: 0, roll: 0 } }), null);
  // Her controllers are there (their models load from the app's own /xr-profiles/).
  await expect.poll(() => controllers(ada.page), { timeout: 20_000 }).toEqual(['left', 'right']);
  await press(ada.page, 0);
  await expect.poll(() => probe(ada.page).then((p) => p.placed ?? null), { timeout: 20_000 }).not.toBeNull();
  const { hit, placed } = await probe(ada.page);
  expect(placed!.position[1], 'on the surface the hit test found').toBeCloseTo(hit![1]!, 1);
  expect(placed!.scale, 'tabletop scale: the 6 m building about 60 cm across').toBeCloseTo(0.6 / 6.2, 2);
  await ada.page.screenshot({ path: test.info().outputPath('ar.png') });
  // The right thumbstick turns the placed building.
  await handle(ada.page, (h) => h.xrDevice.remote.dispatch('set_gamepad_state', { device: 'controller-right', axes: [{ index: 0, value: 1 }] }), null);
  await expect.poll(() => probe(ada.page).then((p) => (p.placed as { rotation?: number } | undefined)?.rotation ?? 0)).toBeLessThan(-0.2);
  await handle(ada.page, (h) => h.xrDevice.remote.dispatch('set_gamepad_state', { device: 'controller-right', axes: [{ index: 0, value: 0 }] }), null);
  await handle(ada.page, (h) => h.scene.store.getState().session?.end(), null);
  await expect.poll(() => mode(ada.page)).toBeNull();

  // --- VR: Bo watches Ada's head from the browser ---
  const boScene = new SceneView(bo.page);
  await boScene.show('2D | 3D');
  const adaId = await ada.plan.clientId();
  await adaScene.toolbar.getByRole('button', { name: 'Enter VR' }).click();
  await expect.poll(() => mode(ada.page)).toBe('immersive-vr');
  await expect.poll(() => probe(ada.page).then((p) => p.origin ?? null)).not.toBeNull();
  await expect.poll(() => controllers(ada.page), { timeout: 20_000 }).toEqual(['left', 'right']);
  const origin = (await probe(ada.page)).origin!;
  // She steps 1 m right and half a metre forward, turning left 90°.
  await handle(ada.page, (h) => h.xrDevice.remote.dispatch('set_transform', { device: 'headset', position: { x: 1, y: 1.7, z: -0.5 }, orientation: { pitch: 0, yaw: 90, roll: 0 } }), null);
  const expected = [origin[0]! + 1, 1.7, origin[2]! - 0.5];
  const headOf = async (page: Page) => {
    const states = await page.evaluate(() => (window as unknown as { __arxos: { awareness(): [number, { xr?: { mode: string; head: { position: number[] } } }][] } }).__arxos.awareness());
    return states.find(([id]) => id === adaId)?.[1]?.xr ?? null;
  };
  const near = (a: readonly number[] | undefined, b: readonly number[]) => !!a && a.every((v, i) => Math.abs(v - b[i]!) < 0.06);
  // In awareness …
  await expect.poll(async () => near((await headOf(bo.page))?.head.position, expected), { timeout: 20_000 }).toBe(true);
  expect((await headOf(bo.page))?.mode).toBe('vr');
  // … in Bo's 3D scene as a headset …
  await expect
    .poll(async () => {
      const peers = await boScene.call<{ clientId: number; kind: string; position: number[] }[]>('peers');
      const drawn = peers.find((p) => p.clientId === adaId);
      return drawn?.kind === 'vr' && near(drawn.position, expected);
    })
    .toBe(true);
  // … and on his plan, at her place on the plan (plan y = −world z), facing plan −x (she turned left from north).
  const marker = bo.page.locator(`[data-testid="peer-viewer"][data-client-id="${adaId}"]`);
  await expect(marker).toHaveAttribute('data-kind', 'vr');
  await expect.poll(async () => Math.abs(Number(await marker.getAttribute('data-x')) - expected[0]!)).toBeLessThan(0.06);
  await expect.poll(async () => Math.abs(Number(await marker.getAttribute('data-y')) + expected[2]!)).toBeLessThan(0.06);
  await expect.poll(async () => Math.abs(Number(await marker.getAttribute('data-heading')) - 180)).toBeLessThan(2);
  await ada.page.screenshot({ path: test.info().outputPath('vr.png') });
  await bo.page.screenshot({ path: test.info().outputPath('vr-seen-by-bo.png') });
  // Bo follows her: his 3D camera is at her eyes, looking where she looks (plan −x).
  await bo.page.locator(`[data-testid="avatar"][data-client="${adaId}"]`).click();
  await expect
    .poll(async () => {
      const c = await boScene.camera();
      return !!c && near(c.position, expected) && c.target[0]! < c.position[0]! - 1 && Math.abs(c.target[2]! - c.position[2]!) < 0.05;
    })
    .toBe(true);
  await bo.page.locator(`[data-testid="avatar"][data-client="${adaId}"]`).click();

  // --- select and move in VR: the trigger on the south wall selects it (its properties float beside it);
  // the grip while pointing at the floor moves it there: an ordinary edit Bo sees ---
  const south = wall('south');
  await handle(ada.page, (h) => h.xrDevice.remote.dispatch('set_transform', { device: 'controller-right', position: { x: 0.2, y: 1.2, z: -0.3 }, orientation: { pitch: 0, yaw: 0, roll: 0 } }), null);
  await press(ada.page, 0);
  await expect.poll(() => adaScene.call('selection')).toEqual([south.id]);
  await expect.poll(() => probe(ada.page).then((p) => p.panel ?? '')).toMatch(/^Wall: Wall\n6\.00 m long, 3 m high$/);
  await handle(ada.page, (h) => h.xrDevice.remote.dispatch('set_transform', { device: 'controller-right', position: { x: 0.2, y: 1.2, z: -0.3 }, orientation: { pitch: -35, yaw: 0, roll: 0 } }), null);
  await press(ada.page, 1);
  const southOf = async (page: Page) =>
    page.evaluate((id) => (window as unknown as { __arxos: { read(): { elements: Record<string, { a: number[] }> } } }).__arxos.read().elements[id]!.a, south.id);
  await expect.poll(() => southOf(ada.page)).not.toEqual([0, 0]);
  const movedTo = await southOf(ada.page);
  // Pointing 35° down from 1.2 m, 0.3 m ahead of her: the floor 1.71 m further, so about 0.1 m south of the wall's line, snapped to the grid.
  expect(movedTo[1]).toBeCloseTo(-0.1, 5);
  await expect.poll(() => southOf(bo.page)).toEqual(movedTo);

  // --- teleport: push the thumbstick forward to aim at the floor ahead, pull the trigger ---
  await handle(ada.page, (h) => h.xrDevice.remote.dispatch('set_gamepad_state', { device: 'controller-right', axes: [{ index: 1, value: -1 }] }), null);
  await handle(ada.page, async (h) => {
    await h.xrDevice.remote.dispatch('set_transform', { device: 'headset', position: { x: 1, y: 1.7, z: -0.5 }, orientation: { pitch: 0, yaw: 0, roll: 0 } });
    return h.xrDevice.remote.dispatch('set_transform', { device: 'controller-right', position: { x: 1.2, y: 1.2, z: -0.8 }, orientation: { pitch: -35, yaw: 0, roll: 0 } });
  }, null);
  await press(ada.page, 0);
  await expect.poll(() => probe(ada.page).then((p) => p.origin), { timeout: 20_000 }).not.toEqual(origin);
  await handle(ada.page, (h) => h.xrDevice.remote.dispatch('set_gamepad_state', { device: 'controller-right', axes: [{ index: 1, value: 0 }] }), null);
  const moved = (await probe(ada.page)).origin!;
  expect(moved[2]!, 'forward, towards the building').toBeLessThan(origin[2]!);
  const after = [moved[0]! + 1, 1.7, moved[2]! - 0.5];
  await expect.poll(async () => near((await headOf(bo.page))?.head.position, after), { timeout: 20_000 }).toBe(true);
  // A storey above (Bo adds it from his storey panel); Ada's A button takes her up to its floor, B back down.
  await bo.page.getByTestId('storey-panel').getByRole('button', { name: '+ Storey' }).click();
  await expect.poll(() => ada.plan.storeys().then((s) => s.length)).toBe(2);
  await press(ada.page, 3);
  await expect.poll(() => probe(ada.page).then((p) => p.origin?.[1])).toBe(3);
  await press(ada.page, 4);
  await expect.poll(() => probe(ada.page).then((p) => p.origin?.[1])).toBe(0);
  await handle(ada.page, (h) => h.scene.store.getState().session?.end(), null);
  await expect.poll(() => mode(ada.page)).toBeNull();
  // Leaving VR clears her headset from Bo's view.
  await expect.poll(() => headOf(bo.page)).toBeNull();
  expect(external).toEqual([]);
  await Promise.all([ada.context.close(), bo.context.close()]);
});
