import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { LocalOrigin, listStoreys, transact, updateElement } from '@/lib/doc';
import { createElement, planPoint, worldPoint, type Element } from '@/lib/model';
import { mkdirSync, writeFileSync } from 'node:fs';
import { newBuilding, openAsDemo } from './pages/editors';
import { adaAndBoInARoom, SceneView } from './pages/SceneView';

/** Walls and equipment for a big building: `walls` walls in rows of rooms, `equipment` items among them, on one storey. */
function generated(storeyId: string, walls: number, equipment: number): Element[] {
  const ok = (r: ReturnType<typeof createElement>) => {
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  const out: Element[] = [];
  const perRow = 50;
  for (let i = 0; i < walls; i++) {
    const x = (i % perRow) * 4;
    const y = Math.floor(i / perRow) * 4;
    out.push(ok(createElement('wall', { storeyId, name: `Wall ${i}`, a: planPoint(x, y), b: planPoint(x + (i % 2 === 0 ? 4 : 0), y + (i % 2 === 0 ? 0 : 4)) })));
  }
  const systems = ['electrical', 'hvac', 'plumbing', 'fire', 'network', 'lighting', 'security', 'other'] as const;
  for (let i = 0; i < equipment; i++) {
    const x = (i % 200) + 0.5;
    const y = Math.floor(i / 200) * 3 + 1;
    out.push(ok(createElement('equipment', { storeyId, name: `Item ${i}`, system: systems[i % systems.length]!, type: 'item', position: worldPoint(x, y, 0.3) })));
  }
  return out;
}

/**
 * The 3D view beside the plan, over the same editor state and document: what a person does with
 * the pointer and keys in real Chromium (WebGL on SwiftShader), read back from the model.
 */
test.describe('the 3D view', () => {
  test('selecting in 3D selects in 2D and back; a gizmo move is an ordinary edit the other user sees, undone by Ctrl+Z in the mover’s tab only', async ({ browser }) => {
    const { ada, bo, wall } = await adaAndBoInARoom(browser, '3D select');
    const scene = new SceneView(ada.page);
    await scene.show('2D | 3D');
    await ada.page.screenshot({ path: test.info().outputPath('split-view.png') });
    await expect.poll(() => scene.stats().then((s) => s.size)).toBe(4);
    const [south, east] = [wall('south'), wall('east')];

    // 3D → 2D: a click on the south wall in 3D selects it in the plan (and highlights it in 3D).
    const plain = await scene.colorOf(south.id);
    await scene.click(south.id);
    await expect.poll(() => ada.plan.selection()).toEqual([south.id]);
    await expect.poll(() => scene.colorOf(south.id)).not.toBe(plain);
    // 2D → 3D: a click on the east wall in the plan selects it in 3D.
    await ada.plan.tool('Select');
    await ada.plan.clickAt(6, 2);
    await expect.poll(() => ada.plan.selection()).toEqual([east.id]);
    await expect.poll(() => scene.colorOf(south.id)).toBe(plain);
    await expect.poll(() => scene.colorOf(east.id)).not.toBe(plain);

    // The gizmo: drag its x arrow by about a metre; one doc edit, snapped like the plan's moves.
    await scene.rendered();
    const handle = await scene.call<[number, number] | null>('gizmoHandle', 'x');
    expect(handle, 'the gizmo is shown for the selection').not.toBeNull();
    const before = await scene.call<[number, number]>('worldToScreen', 6, 0, -2);
    const after = await scene.call<[number, number]>('worldToScreen', 7, 0, -2);
    const [hx, hy] = handle!;
    await scene.drag([hx, hy], [hx + (after[0] - before[0]), hy + (after[1] - before[1])]);
    const moved = async (editor: typeof ada) => ((await editor.plan.typed('wall')).find((w) => w.id === east.id) as unknown as { a: [number, number] }).a[0];
    await expect.poll(() => moved(ada)).toBeGreaterThan(6.5);
    const x = await moved(ada);
    expect(Math.abs(x * 10 - Math.round(x * 10)), 'snapped to the plan grid').toBeLessThan(1e-6);
    // Bo sees it live, and his Ctrl+Z does not undo Ada's move.
    await expect.poll(() => moved(bo)).toBe(x);
    await bo.plan.scrollIntoView();
    await bo.page.keyboard.press('Control+z');
    await bo.page.waitForTimeout(300);
    expect(await moved(bo)).toBe(x);
    // Ada's Ctrl+Z does, for both.
    await scene.canvas.focus().catch(() => undefined);
    await ada.page.keyboard.press('Control+z');
    await expect.poll(() => moved(ada)).toBe(6);
    await expect.poll(() => moved(bo)).toBe(6);
    await ada.page.screenshot({ path: test.info().outputPath('after-undo.png') });
    await Promise.all([ada.context.close(), bo.context.close()]);
  });

  test('a building of 2,000 walls and 10,000 equipment items is drawn in a handful of draw calls, and another client’s edit of one wall rebuilds that wall only', async ({ browser }) => {
    test.setTimeout(180_000);
    const ada = await newBuilding(browser, '3D big', { viewport: { width: 800, height: 600 } });
    const scene = new SceneView(ada.page);
    await scene.show('3D');
    // Another user, a real y-websocket client in Node, writes the building.
    const base = new URL(ada.page.url()).origin;
    const token = (await (await ada.context.request.get(`${base}/api/collab-token?building=${ada.id}`)).json()) as { token: string; url: string; docs: { model: string } };
    const doc = new Y.Doc();
    const remote = new WebsocketProvider(token.url.replace('localhost', '127.0.0.1'), token.docs.model, doc, { params: { token: token.token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket });
    try {
      await new Promise<void>((resolve) => remote.once('sync', () => resolve()));
      const storey = listStoreys(doc)[0]!;
      const origin = new LocalOrigin('remote-seeder');
      const elements = generated(storey.id, 2000, 10_000);
      for (let i = 0; i < elements.length; i += 1000) {
        const batch = elements.slice(i, i + 1000);
        const written = transact(doc, origin, (tx) => batch.forEach((e) => tx.addElement(e)));
        expect(written.ok).toBe(true);
      }
      await expect.poll(() => scene.stats().then((s) => s.size), { timeout: 90_000 }).toBe(12_000);
      await ada.page.getByRole('button', { name: 'Fit', exact: true }).click();
      await scene.rendered();
      await ada.page.screenshot({ path: test.info().outputPath('big-building.png') });

      // Draw calls: one multi-draw per batch, whatever the element count.
      const info = await scene.call<{ calls: number; triangles: number; multiDraw: boolean }>('renderInfo');
      const batches = await scene.call<{ bucket: string; instances: number; ranges: number }[]>('batches');
      expect(info.calls).toBeGreaterThan(0);
      expect(info.calls).toBeLessThanOrEqual(60);
      expect(info.triangles).toBeGreaterThan(12_000 * 8);
      // What each batch submits: every shown instance is one range of its multi-draw (without
      // WEBGL_multi_draw three would issue these as separate draws, which renderer.info does not count).
      const opaque = batches.find((b) => b.bucket === 'opaque')!;
      expect(opaque.instances).toBe(12_000);
      expect(opaque.ranges).toBe(12_000);
      expect(info.multiDraw, 'WEBGL_multi_draw: the ranges go to the GPU as one call').toBe(true);
      test.info().annotations.push({ type: 'draw calls', description: `${info.calls} calls, ${info.triangles} triangles, ranges ${batches.map((b) => `${b.bucket}:${b.ranges}`).join(' ')}` });

      // A storey filter changes visibility, not buffers: nothing is rebuilt.
      const built = (await scene.stats()).builtElements;
      await scene.toolbar.getByLabel('Storeys shown in 3D').selectOption('one');
      await scene.rendered();
      expect((await scene.stats()).builtElements).toBe(built);

      // The remote user moves one wall: that wall's geometry changes, no other element is rebuilt.
      const wall = elements.find((e) => e.kind === 'wall')! as Extract<Element, { kind: 'wall' }>;
      const neighbour = elements.filter((e) => e.kind === 'wall')[1]!;
      const [wallBefore, neighbourBefore] = [await scene.call('bounds', wall.id), await scene.call('bounds', neighbour.id)];
      expect(updateElement(doc, wall.id, { b: planPoint(wall.b[0] + 1.5, wall.b[1]) }, origin).ok).toBe(true);
      await expect.poll(() => scene.stats().then((s) => s.lastFlushRebuilt)).toEqual([wall.id]);
      expect((await scene.stats()).builtElements).toBe(built + 1);
      const wallAfter = await scene.call<{ max: number[] }>('bounds', wall.id);
      expect(wallAfter.max[0]).toBeCloseTo((wallBefore as { max: number[] }).max[0]! + 1.5, 5);
      expect(await scene.call('bounds', neighbour.id)).toEqual(neighbourBefore);
    } finally {
      remote.destroy();
      doc.destroy();
      await ada.context.close();
    }
  });

  test('without WebXR, “Enter VR” and “View in AR” say why in words', async ({ browser }) => {
    const ada = await newBuilding(browser, 'No XR');
    const scene = new SceneView(ada.page);
    await scene.show('3D');
    // Chromium on a desktop: WebXR is there, no headset.
    await scene.toolbar.getByRole('button', { name: 'Enter VR' }).click();
    await expect(ada.page.getByTestId('xr-message')).toHaveText(/no VR headset is connected/);
    // A browser without WebXR at all.
    await ada.context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'xr', { get: () => undefined, configurable: true }));
    await ada.page.reload();
    await scene.show('3D');
    await scene.toolbar.getByRole('button', { name: 'View in AR' }).click();
    await expect(ada.page.getByTestId('xr-message')).toHaveText(/This browser has no WebXR, so it cannot show AR/);
    await ada.context.close();
  });

  test('measure, presence and follow in 3D: Ada measures between two walls; Bo sees her camera and pointer, follows her, and his camera and section follow as she orbits and cuts', async ({ browser }) => {
    const { ada, bo, wall } = await adaAndBoInARoom(browser, '3D follow');
    const adaScene = new SceneView(ada.page);
    const boScene = new SceneView(bo.page);
    await adaScene.show('3D');
    await boScene.show('3D');

    // Measure (Ada): the tops of the south and north walls are 4 m apart.
    const [south, north] = [wall('south'), wall('north')];
    await adaScene.toolbar.getByRole('button', { name: 'Measure' }).click();
    await adaScene.click(south.id);
    await adaScene.click(north.id);
    await expect(ada.page.getByTestId('scene-measure')).toHaveText(/^(3\.9\d|4\.0\d) m$/);
    expect(await adaScene.call<number>('measure')).toBeCloseTo(4, 1);
    await adaScene.toolbar.getByRole('button', { name: 'Measure' }).click();

    // Bo sees Ada in his scene: her camera as a frustum where her camera is, and her pointer on the wall she hovers.
    const adaId = await ada.plan.clientId();
    const [sx, sy] = await adaScene.screenOf(south.id);
    await ada.page.mouse.move(sx, sy, { steps: 3 });
    const adaCamera = (await adaScene.camera())!;
    await expect
      .poll(async () => {
        const peer = (await boScene.call<{ clientId: number; kind: string; position: number[]; pointer?: number[] }[]>('peers')).find((p) => p.clientId === adaId);
        return !!peer && peer.kind === 'camera' && peer.position.every((v, i) => Math.abs(v - adaCamera.position[i]!) < 0.01) && !!peer.pointer && Math.abs(peer.pointer[2]!) < 0.15 && Math.abs(peer.pointer[1]! - 3) < 0.05;
      })
      .toBe(true);

    // Bo follows Ada from her avatar.
    await bo.page.locator(`[data-testid="avatar"][data-client="${adaId}"]`).click();
    await expect(bo.page.getByTestId('following')).toContainText('Following Ada');
    const close = (a: number[] | undefined, b: number[] | undefined) => !!a && !!b && a.every((v, i) => Math.abs(v - b[i]!) < 0.05);
    const same = async () => {
      const [a, b] = [await adaScene.camera(), await boScene.camera()];
      return close(a?.position, b?.position) && close(a?.target, b?.target);
    };
    await expect.poll(same).toBe(true);

    // Ada orbits with the pointer …
    const before = await adaScene.camera();
    const [mx, my] = await adaScene.middle();
    await adaScene.drag([mx, my], [mx + 160, my - 40]);
    await adaScene.rendered();
    expect(close((await adaScene.camera())!.position, before!.position)).toBe(false);
    await expect.poll(same).toBe(true);
    // … turns the section on and drags it, then flips it.
    await adaScene.toolbar.getByText('Section').click();
    const slider = adaScene.toolbar.getByTestId('section-offset');
    const box = (await slider.boundingBox())!;
    await ada.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await ada.page.mouse.down();
    await ada.page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 5 });
    await ada.page.mouse.up();
    await adaScene.toolbar.getByTestId('section-flip').click();
    const adaSection = await adaScene.call<{ on: boolean; axis: string; offset: number; flipped: boolean; plane: { normal: number[]; constant: number } }>('section');
    expect(adaSection.on).toBe(true);
    expect(adaSection.flipped).toBe(true);
    await expect
      .poll(async () => {
        const b = await boScene.call<typeof adaSection>('section');
        return b.on && b.axis === adaSection.axis && b.flipped && Math.abs(b.offset - adaSection.offset) < 1e-3 && close(b.plane.normal, adaSection.plane.normal);
      })
      .toBe(true);
    await expect.poll(same).toBe(true);
    await bo.page.screenshot({ path: test.info().outputPath('following-with-section.png') });

    // Bo moves his own camera: he stops following.
    const [bx, by] = await boScene.middle();
    await boScene.drag([bx, by], [bx - 120, by]);
    await expect(bo.page.getByTestId('following')).toHaveCount(0);
    await Promise.all([ada.context.close(), bo.context.close()]);
  });

  test('the demo house in 3D: two storeys stacked at their elevations, one storey or those below on request, the camera presets', async ({ browser }) => {
    const demo = await openAsDemo(browser, 'demo');
    const scene = new SceneView(demo.page);
    await scene.show('2D | 3D');
    const model = (await demo.plan.elements()) as unknown as { id: string; kind: string; storeyId: string; hostId?: string }[];
    const storeys = await demo.plan.storeys();
    expect(storeys.map((s) => s.id)).toEqual(['gf', 'ff']);
    await expect.poll(() => scene.stats().then((s) => s.size)).toBe(model.length);
    // Stacked: a first-floor wall stands on the ground floor's 3 m.
    const upper = model.find((e) => e.kind === 'wall' && e.storeyId === 'ff')!;
    const lower = model.find((e) => e.kind === 'wall' && e.storeyId === 'gf')!;
    expect((await scene.call<{ min: number[] }>('bounds', upper.id)).min[1]).toBeCloseTo(3, 5);
    expect((await scene.call<{ min: number[] }>('bounds', lower.id)).min[1]).toBeCloseTo(0, 5);
    await scene.rendered();
    const shot = await demo.page.screenshot({ path: test.info().outputPath('workspace-3d-1280x800.png') });
    if (process.env.ARXOS_UPDATE_SCREENSHOTS === '1') {
      mkdirSync('docs/screenshots', { recursive: true });
      writeFileSync('docs/screenshots/workspace-3d-1280x800.png', shot);
    }
    // This storey only, then this one and those below (the plan's storey is the one chosen).
    const filter = scene.toolbar.getByLabel('Storeys shown in 3D');
    await filter.selectOption('one');
    await expect.poll(() => scene.call('visibleOf', upper.id)).toBe(false);
    expect(await scene.call('visibleOf', lower.id)).toBe(true);
    await demo.page.getByTestId('storey-tab').filter({ hasText: storeys[1]!.name }).click();
    await expect.poll(() => scene.call('visibleOf', lower.id)).toBe(false);
    expect(await scene.call('visibleOf', upper.id)).toBe(true);
    await filter.selectOption('below');
    await expect.poll(() => scene.call('visibleOf', lower.id)).toBe(true);
    await filter.selectOption('all');
    // Presets: from above (north up), from the south, from the east.
    const view = async (name: string) => {
      await scene.toolbar.getByRole('button', { name, exact: true }).click();
      await scene.rendered();
      const c = (await scene.camera())!;
      return { dx: c.position[0]! - c.target[0]!, dy: c.position[1]! - c.target[1]!, dz: c.position[2]! - c.target[2]! };
    };
    const top = await view('Top');
    expect(top.dy).toBeGreaterThan(10 * (Math.abs(top.dx) + Math.abs(top.dz)));
    const front = await view('Front');
    expect(front.dz).toBeGreaterThan(10 * (Math.abs(front.dx) + Math.abs(front.dy)));
    const side = await view('Side');
    expect(side.dx).toBeGreaterThan(10 * (Math.abs(side.dy) + Math.abs(side.dz)));
    await demo.context.close();
  });
});
