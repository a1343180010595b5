import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { newBuilding, openAsInvitee, type Editor } from './pages/editors';
import { SceneView } from './pages/SceneView';

/**
 * Live review (issue #17 point 1), as people do it: Ada pins a thread on a room with the view she
 * has in 3D; Bo, an editor, sees it arrive, opens it from its pin and gets her view; he replies
 * mentioning her; she finds it in her inbox and resolves the thread, which Bo sees resolved. Cy,
 * a commenter, replies too, but her forced write to the model is refused by the server. Threads
 * and the views are read through the dev test handle.
 */

type Vec3 = [number, number, number];
interface ThreadRead {
  id: string;
  title: string;
  status: 'open' | 'resolved';
  createdBy: string;
  resolvedBy?: string;
  anchor: { elementId?: string; storeyId?: string; position?: Vec3 };
  viewpoint?: {
    camera: { kind: string; position: Vec3; direction: Vec3; up: Vec3; fov?: number; scale?: number };
    planes: { location: Vec3; direction: Vec3 }[];
    storeys?: string[];
    selected: string[];
    hidden: string[];
    visible?: string[];
    snapshot?: string;
  };
  comments: Record<string, { id: string; author: string; authorName: string; text: string; mentions: string[]; editedAt?: string; viewpoint?: { selected: string[]; hidden: string[] } }>;
}

/** The review panel, the top bar's Review and Inbox, and the plan's pins of one person's page. */
class ReviewPanel {
  readonly page: Page;
  readonly panel: Locator;
  readonly threadView: Locator;
  readonly inboxBadge: Locator;
  constructor(readonly editor: Editor) {
    this.page = editor.page;
    this.panel = this.page.getByRole('complementary', { name: 'Review' });
    this.threadView = this.panel.getByTestId('review-thread-view');
    this.inboxBadge = this.page.getByRole('button', { name: 'Inbox' }).getByTestId('inbox-badge');
  }

  async open() {
    if (!(await this.panel.isVisible())) await this.page.getByRole('button', { name: 'Review', exact: true }).click();
    await expect(this.panel).toBeVisible();
  }

  listed(title: string): Locator {
    return this.panel.getByRole('list', { name: 'Threads' }).getByRole('listitem').filter({ hasText: title });
  }

  pin(threadId: string): Locator {
    return this.page.locator(`[data-testid="review-pin"][data-thread-id="${threadId}"]`);
  }

  /** The threads of the live review document. */
  async threads(): Promise<ThreadRead[]> {
    return this.page.evaluate(() => (window as unknown as { __arxos: { review: { threads(): ThreadRead[] } } }).__arxos.review.threads());
  }

  /** Types a reply into the open thread, picking `mention` from the suggestions after typing `@` and its first letters. */
  async reply(text: string, mention?: string) {
    const box = this.threadView.getByRole('textbox', { name: 'Reply' });
    await box.click();
    if (mention) {
      await box.pressSequentially(`@${mention.slice(0, 3)}`);
      await this.panel.getByRole('list', { name: 'People to mention' }).getByRole('button', { name: `@${mention}` }).click();
    }
    await box.pressSequentially(text);
    await this.threadView.getByRole('button', { name: 'Send' }).click();
    await expect(box).toHaveValue('');
  }
}

const toBuilding = ([x, y, z]: number[]): Vec3 => [x!, -z!, y!];
const sight = (position: number[], target: number[]): Vec3 => {
  const d = [target[0]! - position[0]!, target[1]! - position[1]!, target[2]! - position[2]!];
  const n = Math.hypot(...d);
  return toBuilding(d.map((v) => v / n));
};
const farthest = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));

test('a thread pinned on a room with a viewpoint reaches a colleague live with its view; a mention lands in the inbox; resolving shows for both; a commenter replies but cannot write the model', async ({ browser }) => {
  test.setTimeout(300_000);
  const ada = await newBuilding(browser, 'Review', { newAccount: 'Ada' });
  const adaName = (await ada.page.getByTestId('signed-in-as').textContent())!;
  // A 4 x 3 m room, drawn with the room tool.
  await ada.plan.pick('Room');
  for (const [x, y] of [[0, 0], [4, 0], [4, 3], [0, 3], [0, 0]] as const) await ada.plan.clickAt(x, y);
  await expect.poll(() => ada.plan.typed('space').then((s) => s.length)).toBe(1);
  const room = await ada.plan.only('space');
  const bo = await openAsInvitee(browser, ada, 'Bo');
  const cy = await openAsInvitee(browser, ada, 'Cy', 'commenter');
  const adaReview = new ReviewPanel(ada);
  const boReview = new ReviewPanel(bo);
  const cyReview = new ReviewPanel(cy);
  // Bo has the review panel open while Ada works.
  await boReview.open();
  await expect(boReview.panel.getByTestId('review-empty')).toHaveText('No threads yet.');

  // Ada selects the room, looks at it in 3D from the south-east, cut at 1.2 m, this storey only.
  await ada.plan.tool('Select');
  await ada.plan.clickAt(1, 1);
  await expect.poll(() => ada.plan.selection()).toEqual([room.id]);
  const adaScene = new SceneView(ada.page);
  await adaScene.show('2D | 3D');
  await expect.poll(() => adaScene.stats().then((s) => s.size)).toBe(1);
  await adaScene.toolbar.getByRole('button', { name: 'Iso', exact: true }).click();
  await adaScene.rendered();
  const middle = await adaScene.middle();
  await adaScene.drag(middle, [middle[0] + 40, middle[1] + 15]);
  await adaScene.rendered();
  await ada.page.getByTestId('section-on').check();
  await ada.page.getByTestId('scene-storeys').selectOption('one');
  await adaScene.rendered();

  // She starts a thread pinned to the selected room.
  await adaReview.open();
  await adaReview.panel.getByRole('button', { name: 'New thread' }).click();
  const form = adaReview.panel.getByRole('form', { name: 'New thread' });
  await expect(form.getByRole('radio', { name: 'Room “Room 1”' })).toBeChecked();
  const title = 'Is the door wide enough?';
  await form.getByLabel('Title').fill(title);
  await form.getByLabel('Comment').fill('The door on the south wall looks narrow.');
  await adaScene.rendered();
  const adaCamera = (await adaScene.camera())!;
  await form.getByRole('button', { name: 'Start thread' }).click();
  await expect(adaReview.threadView).toBeVisible();
  const [thread] = await adaReview.threads();
  const viewpoint = thread!.viewpoint!;
  // What it captured: her camera (the 3D one), the section, this storey, the room; a snapshot.
  expect(thread!.anchor).toMatchObject({ elementId: room.id, storeyId: room.storeyId });
  expect(viewpoint.camera.kind).toBe('perspective');
  expect(farthest(viewpoint.camera.position, toBuilding(adaCamera.position))).toBeLessThan(0.01);
  expect(farthest(viewpoint.camera.direction, sight(adaCamera.position, adaCamera.target))).toBeLessThan(0.001);
  expect(viewpoint.planes).toEqual([{ location: [0, 0, 1.2], direction: [0, 0, 1] }]);
  expect(viewpoint.storeys).toEqual([room.storeyId]);
  expect(viewpoint.selected).toEqual([room.id]);
  expect(viewpoint.snapshot).toMatch(/^[0-9a-f]{64}$/);
  // Her plan has a pin on the room, the 3D view a marker.
  await expect(adaReview.pin(thread!.id)).toBeVisible();
  await expect(ada.page.locator(`[data-testid="scene-pin"][data-thread-id="${thread!.id}"]`)).toBeVisible();
  await ada.page.screenshot({ path: test.info().outputPath('review-thread.png') });

  // Bo sees it arrive, listed and pinned, without a reload.
  await expect(boReview.listed(title)).toBeVisible();
  await expect(boReview.listed(title)).toContainText(`${adaName} · 1 comment`);
  await expect(boReview.listed(title)).toContainText('Open');
  await expect(boReview.pin(thread!.id)).toBeVisible();

  // He clicks the pin on his plan: the thread opens, and he sees what Ada saw, in 3D.
  const [px, py] = await bo.plan.screen(2, 1.5);
  await bo.page.mouse.click(px, py);
  await expect(boReview.threadView).toHaveAttribute('data-thread-id', thread!.id);
  await expect(bo.page.getByTestId('workspace-views')).toHaveAttribute('data-views', 'split');
  const boScene = new SceneView(bo.page);
  await expect(boScene.canvas).toBeVisible();
  await bo.page.waitForFunction(() => !!(window as unknown as { __arxos?: { scene?: unknown } }).__arxos?.scene);
  await expect
    .poll(async () => {
      await boScene.rendered();
      const c = await boScene.camera();
      return c ? Math.max(farthest(toBuilding(c.position), viewpoint.camera.position), farthest(sight(c.position, c.target), viewpoint.camera.direction)) : Infinity;
    })
    .toBeLessThan(0.01);
  expect(await bo.plan.storeyId()).toBe(viewpoint.storeys![0]);
  expect(await bo.plan.selection()).toEqual(viewpoint.selected);
  expect(await boScene.call<string>('filter')).toBe('one');
  expect(await boScene.call('section')).toMatchObject({ on: true, axis: 'y', offset: 1.2, flipped: false });
  const snapshot = boReview.threadView.getByRole('img', { name: 'The view when the thread was started' });
  await expect(snapshot).toBeVisible();
  await expect.poll(() => snapshot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  // Bo replies, mentioning Ada (picked from the suggestions).
  await boReview.reply(' is 0.9 m, the minimum for a wheelchair. Widen it?', adaName);
  await expect(boReview.threadView.getByTestId('review-comment')).toHaveCount(2);
  await expect(boReview.threadView.getByTestId('comment-mention')).toHaveText(`@${adaName}`);
  const mentioned = Object.values((await boReview.threads())[0]!.comments).find((c) => c.authorName === bo.name)!;
  expect(mentioned.mentions).toEqual([thread!.createdBy]);

  // Ada's inbox says so; from it she opens the thread and resolves it.
  await expect(adaReview.inboxBadge).toHaveText('1');
  await ada.page.getByRole('button', { name: 'Inbox' }).click();
  const item = ada.page.getByTestId('inbox-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(`${bo.name} mentioned you in “${title}”`);
  await expect(item).toHaveAttribute('data-unread', 'true');
  await expect(adaReview.inboxBadge).toHaveCount(0);
  await item.click();
  await expect(adaReview.threadView).toHaveAttribute('data-thread-id', thread!.id);
  await expect(adaReview.threadView.getByTestId('review-comment')).toHaveCount(2);
  await adaReview.threadView.getByRole('button', { name: 'Resolve' }).click();
  await expect(adaReview.threadView).toHaveAttribute('data-status', 'resolved');

  // Bo sees it resolved, live.
  await expect(boReview.threadView).toHaveAttribute('data-status', 'resolved');
  await expect(boReview.threadView.getByRole('button', { name: 'Reopen' })).toBeVisible();
  expect((await boReview.threads())[0]).toMatchObject({ status: 'resolved', resolvedBy: thread!.createdBy });

  // Cy, a commenter, finds it among the resolved threads and replies: accepted, everyone sees it.
  await cyReview.open();
  await cyReview.panel.getByRole('radio', { name: 'Resolved' }).click();
  await cyReview.listed(title).getByRole('button').click();
  await expect(cyReview.threadView).toHaveAttribute('data-thread-id', thread!.id);
  await cyReview.reply('Noted: I will ask the contractor.');
  await expect(adaReview.threadView.getByTestId('review-comment')).toHaveCount(3);
  await expect(adaReview.threadView.getByTestId('review-comment').last()).toContainText(cy.name);
  await expect(boReview.threadView.getByTestId('review-comment')).toHaveCount(3);

  // A forced write to the model from Cy's page: the server refuses it and closes her model connection.
  const before = await ada.building.modelMeta();
  await cy.building.forceAddress('Forced by the commenter');
  await expect(cy.page.getByTestId('rejected-changes')).toBeVisible();
  await expect.poll(() => cy.page.evaluate(() => (window as unknown as { __arxos: { provider: { wsconnected: boolean } } }).__arxos.provider.wsconnected)).toBe(false);
  await ada.page.waitForTimeout(1_500);
  expect((await ada.building.modelMeta()).address, 'Ada’s model does not get the commenter’s write').toBe(before.address);
  expect((await bo.building.modelMeta()).address).toBe(before.address);
  // Her review connection is another document's: it stays live.
  expect(await cy.page.evaluate(() => (window as unknown as { __arxos: { review: { status(): { state: string } } } }).__arxos.review.status().state)).toBe('live');

  await cy.context.close();
  await bo.context.close();
  await ada.context.close();
});

test('a thread pinned to a point on the plan keeps the plan’s view, which a viewer gets back when opening it; the viewer reads but cannot write', async ({ browser }) => {
  test.setTimeout(180_000);
  const ada = await newBuilding(browser, 'Review plan', { newAccount: 'Ada' });
  const vi = await openAsInvitee(browser, ada, 'Vi', 'viewer');
  const adaReview = new ReviewPanel(ada);
  const viReview = new ReviewPanel(vi);

  // Ada, in the plan only, starts a thread and clicks where it belongs.
  await adaReview.open();
  await adaReview.panel.getByRole('button', { name: 'New thread' }).click();
  const form = adaReview.panel.getByRole('form', { name: 'New thread' });
  await expect(form.getByRole('radio', { name: 'A point on the plan' })).toBeChecked();
  await form.getByRole('button', { name: 'Pick a point' }).click();
  await expect(ada.page.getByTestId('review-pick')).toBeVisible();
  await ada.plan.clickAt(5, 1);
  await expect(form.getByTestId('review-picked')).toContainText('At 5.00, 1.00 m on Level 0');
  await form.getByLabel('Title').fill('A socket here');
  const adaCamera = await ada.plan.camera();
  const adaPlanHeight = (await ada.plan.plan.boundingBox())!.height;
  await form.getByRole('button', { name: 'Start thread' }).click();
  await expect(adaReview.threadView).toBeVisible();
  const [thread] = await adaReview.threads();
  const storeyId = await ada.plan.storeyId();
  expect(thread!.anchor.storeyId).toBe(storeyId);
  expect(farthest(thread!.anchor.position!, [5, 1, 0])).toBeLessThan(0.01);
  // The plan's view: a top-down orthographic camera over what the plan showed, cut like a plan.
  const viewpoint = thread!.viewpoint!;
  expect(viewpoint.camera).toMatchObject({ kind: 'orthogonal', direction: [0, 0, -1], up: [0, 1, 0] });
  expect(viewpoint.camera.position.slice(0, 2)).toEqual([adaCamera.x, adaCamera.y]);
  expect(viewpoint.camera.scale).toBeCloseTo(adaPlanHeight / adaCamera.zoom, 3);
  expect(viewpoint.storeys).toEqual([storeyId]);
  expect(viewpoint.snapshot).toBeUndefined();
  await expect(adaReview.pin(thread!.id)).toBeVisible();

  // Vi moves his own plan away, then opens the thread: the plan shows Ada's view again (the same
  // middle and height in metres: his plan is shorter, under the viewer's notice), in 2D.
  await vi.plan.setCamera({ x: -20, y: 30, zoom: 10 });
  await viReview.open();
  const viPlanHeight = (await vi.plan.plan.boundingBox())!.height;
  await expect(viReview.panel.getByRole('button', { name: 'New thread' })).toHaveCount(0);
  await viReview.listed('A socket here').getByRole('button').click();
  await expect(viReview.threadView).toHaveAttribute('data-thread-id', thread!.id);
  await expect.poll(() => vi.plan.camera().then((c) => farthest([c.x, c.y, viPlanHeight / c.zoom], [adaCamera.x, adaCamera.y, viewpoint.camera.scale!]))).toBeLessThan(0.01);
  await expect(vi.page.getByTestId('workspace-views')).toHaveAttribute('data-views', '2d');
  await expect(viReview.pin(thread!.id)).toBeVisible();
  // Read-only: no resolve, no reply, fields he cannot change.
  await expect(viReview.threadView.getByRole('button', { name: 'Resolve' })).toHaveCount(0);
  await expect(viReview.threadView.getByRole('textbox', { name: 'Reply' })).toHaveCount(0);
  await expect(viReview.threadView.getByLabel('Assignee')).toBeDisabled();

  await vi.context.close();
  await ada.context.close();
});

/**
 * An official BCF 3.0 sample made by another tool (single_visible_wall.bcf: a viewpoint that shows
 * one wall only, DefaultVisibility="false") with its one component renamed to an ArxOS element, as a
 * tool that read ArxOS's own export names it (OriginatingSystem ArxOS, AuthoringToolId).
 */
function singleVisibleWall(elementId: string): Buffer {
  const files = unzipSync(readFileSync(path.resolve(process.cwd(), '../shared/bcf/samples/single_visible_wall.bcf')));
  const name = Object.keys(files).find((f) => f.endsWith('.bcfv'))!;
  const xml = strFromU8(files[name]!);
  const renamed = xml.replace(/<Component IfcGuid="[^"]+"\/>/, `<Component><OriginatingSystem>ArxOS</OriginatingSystem><AuthoringToolId>${elementId}</AuthoringToolId></Component>`);
  expect(renamed).not.toBe(xml);
  files[name] = strToU8(renamed);
  return Buffer.from(zipSync(files));
}

test('a thread’s view hides what its author hid, and a BCF view that shows one wall only shows only it (plan and 3D) with a banner and Show all; a reply keeps its own view, which the other gets back; its author edits it', async ({ browser }) => {
  test.setTimeout(300_000);
  const ada = await newBuilding(browser, 'Review hidden', { newAccount: 'Ada' });
  for (const y of [0, 2, 4]) await ada.plan.drawWalls([[0, y], [4, y]]);
  await expect.poll(() => ada.plan.elements('wall').then((w) => w.length)).toBe(3);
  const [w0, w1, w2] = (await ada.plan.elements('wall')).sort((a, b) => a.a![1] - b.a![1]).map((w) => w.id);
  const bo = await openAsInvitee(browser, ada, 'Bo');
  const adaReview = new ReviewPanel(ada);
  const boReview = new ReviewPanel(bo);
  const drawn = (editor: Editor, id: string) => editor.page.locator(`[data-testid="plan-elements"] [data-id="${id}"]`);
  const banner = (editor: Editor) => editor.page.getByTestId('hidden-banner');

  // Ada clicks the middle wall and hides it (H): gone from her plan, a banner says so, a click there selects nothing.
  await ada.plan.tool('Select');
  await ada.plan.clickAt(2, 2);
  await expect.poll(() => ada.plan.selection()).toEqual([w1]);
  await ada.page.keyboard.press('h');
  await expect(drawn(ada, w1!)).toHaveCount(0);
  await expect(banner(ada)).toContainText('1 element is hidden');
  await ada.plan.clickAt(2, 2);
  expect(await ada.plan.selection()).toEqual([]);
  // Only for her: Bo still has it.
  await expect(drawn(bo, w1!)).toHaveCount(1);
  await expect(banner(bo)).toHaveCount(0);

  // She starts a thread on a point: its view names the hidden wall.
  await adaReview.open();
  await adaReview.panel.getByRole('button', { name: 'New thread' }).click();
  const form = adaReview.panel.getByRole('form', { name: 'New thread' });
  await form.getByRole('button', { name: 'Pick a point' }).click();
  await ada.plan.clickAt(2, 3);
  await form.getByLabel('Title').fill('Without the middle wall');
  await form.getByRole('button', { name: 'Start thread' }).click();
  await expect(adaReview.threadView).toBeVisible();
  const [thread] = await adaReview.threads();
  expect(thread!.viewpoint!.hidden).toEqual([w1]);

  // Bo opens it: the wall is hidden for him too, with the banner; Show all brings it back.
  await boReview.open();
  await boReview.listed('Without the middle wall').getByRole('button').click();
  await expect(boReview.threadView).toHaveAttribute('data-thread-id', thread!.id);
  await expect(drawn(bo, w1!)).toHaveCount(0);
  await expect(drawn(bo, w0!)).toHaveCount(1);
  await expect(banner(bo)).toContainText('1 element is hidden');
  await bo.plan.clickAt(2, 2);
  expect(await bo.plan.selection()).toEqual([]);
  await banner(bo).getByRole('button', { name: 'Show all' }).click();
  await expect(drawn(bo, w1!)).toHaveCount(1);
  await expect(banner(bo)).toHaveCount(0);

  // A BCF from another tool whose view shows only the first wall: Bo imports it and opens its topic.
  await boReview.threadView.getByRole('button', { name: '← All threads' }).click();
  await boReview.panel.getByLabel('Import a BCF file').setInputFiles({ name: 'single_visible_wall.bcf', mimeType: 'application/zip', buffer: singleVisibleWall(w0!) });
  await expect(boReview.panel.getByRole('status').filter({ hasText: '1 topic' })).toBeVisible();
  await boReview.listed('Single visible wall').getByRole('button').click();
  const imported = (await boReview.threads()).find((t) => t.title === 'Single visible wall')!;
  expect(imported.viewpoint).toMatchObject({ hidden: [], visible: [w0] });
  await expect(drawn(bo, w0!)).toHaveCount(1);
  await expect(drawn(bo, w1!)).toHaveCount(0);
  await expect(drawn(bo, w2!)).toHaveCount(0);
  await expect(banner(bo)).toContainText('2 elements are hidden');
  // In 3D too: only the first wall is drawn.
  const boScene = new SceneView(bo.page);
  await boScene.show('2D | 3D');
  await bo.page.waitForFunction(() => !!(window as unknown as { __arxos?: { scene?: unknown } }).__arxos?.scene);
  await boScene.rendered();
  expect([await boScene.call('visibleOf', w0), await boScene.call('visibleOf', w1), await boScene.call('visibleOf', w2)]).toEqual([true, false, false]);
  await banner(bo).getByRole('button', { name: 'Show all' }).click();
  await boScene.rendered();
  expect([await boScene.call('visibleOf', w1), await boScene.call('visibleOf', w2)]).toEqual([true, true]);
  await boScene.show('2D');

  // Bo goes back to Ada's thread (its view hides the middle wall again), isolates the last wall (I)
  // and replies with his view.
  await boReview.threadView.getByRole('button', { name: '← All threads' }).click();
  await boReview.listed('Without the middle wall').getByRole('button').click();
  await expect(banner(bo)).toContainText('1 element is hidden');
  await bo.plan.clickAt(2, 4);
  await expect.poll(() => bo.plan.selection()).toEqual([w2]);
  await bo.page.keyboard.press('i');
  await expect(banner(bo)).toContainText('2 elements are hidden');
  await boReview.threadView.getByLabel('With my view').check();
  await boReview.reply('Only this wall matters here.');
  const replied = Object.values((await boReview.threads()).find((t) => t.id === thread!.id)!.comments).find((c) => c.authorName === bo.name)!;
  expect(replied.viewpoint).toMatchObject({ selected: [w2], hidden: [w0, w1].sort() });

  // Ada sees his reply with its view and shows it: her plan hides what he hid and selects his wall.
  await banner(ada).getByRole('button', { name: 'Show all' }).click();
  const comment = adaReview.threadView.locator(`[data-comment-id="${replied.id}"]`);
  await expect(comment).toContainText('Only this wall matters here.');
  await comment.getByRole('button', { name: 'Show view' }).click();
  await expect(drawn(ada, w0!)).toHaveCount(0);
  await expect(drawn(ada, w1!)).toHaveCount(0);
  await expect(drawn(ada, w2!)).toHaveCount(1);
  await expect.poll(() => ada.plan.selection()).toEqual([w2]);
  await expect(banner(ada)).toContainText('2 elements are hidden');
  // Her element tree marks the hidden walls; clicking one shows and selects it.
  const row = ada.page.locator(`[data-testid="tree-row"][data-id="${w0}"]`);
  await expect(row).toHaveAttribute('data-hidden', 'true');
  await row.click();
  await expect(drawn(ada, w0!)).toHaveCount(1);
  await expect.poll(() => ada.plan.selection()).toEqual([w0]);
  await expect(banner(ada)).toContainText('1 element is hidden');

  // Bo edits his reply; Ada reads the new text, marked edited. She has no Edit on his comment.
  const boComment = boReview.threadView.locator(`[data-comment-id="${replied.id}"]`);
  await boComment.hover();
  await boComment.getByRole('button', { name: 'Edit this comment' }).click();
  const editBox = boComment.getByRole('textbox', { name: 'Comment' });
  await editBox.fill('Only this wall matters here, see the view.');
  await boComment.getByRole('button', { name: 'Save' }).click();
  await expect(comment.getByTestId('comment-text')).toHaveText('Only this wall matters here, see the view.');
  await expect(comment.getByTestId('comment-edited')).toBeVisible();
  await expect(comment.getByRole('button', { name: 'Edit this comment' })).toHaveCount(0);
  const edited = (await adaReview.threads()).find((t) => t.id === thread!.id)!.comments[replied.id]!;
  expect(edited).toMatchObject({ id: replied.id, author: replied.author, text: 'Only this wall matters here, see the view.' });
  expect(edited.editedAt).toBeDefined();
  await ada.page.screenshot({ path: test.info().outputPath('review-hidden.png') });

  await bo.context.close();
  await ada.context.close();
});
