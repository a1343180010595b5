import { expect, test, type Browser } from '@playwright/test';
import type { ToolElement } from './pages/PlanTools';
import { newBuilding } from './pages/editors';

/**
 * A new person signs up, creates a building, adds a storey and looks at the plan at a known
 * place (so plan points map to known pixels), at 1280 × 800.
 */
/** A person who just signed up, on a new building with one storey, the camera at a known place. */
const freshBuilding = (browser: Browser, title: string) => newBuilding(browser, title, { newAccount: 'Pat', viewport: { width: 1280, height: 800 } });

const ends = (w: ToolElement) => [w.a, w.b];

test.describe('plan model', () => {
  test('a room from walls has its net and gross area; a dragged wall keeps its joints; a too-wide door is refused under Width, in words', async ({ browser }) => {
    const { context, plan } = await freshBuilding(browser, 'Model');

    // A 6 × 4 m rectangle of 0.2 m walls, then a room from them.
    await plan.drawWalls([[0, 0], [6, 0], [6, 4], [0, 4], [0, 0]]);
    await expect.poll(() => plan.typed('wall').then((w) => w.length)).toBe(4);
    await plan.pick('Room from walls');
    await plan.clickAt(3, 2);
    const room = await plan.only('space');
    await expect.poll(() => plan.selection()).toEqual([room.id]);
    await expect(plan.properties.getByTestId('net-area')).toHaveText('22.04 m²');
    await expect(plan.properties.getByTestId('gross-area')).toHaveText('24.00 m²');

    // Drag the east wall 1 m east by the pointer: the south and north walls stretch, the room follows.
    const walls = await plan.typed('wall');
    const east = walls.find((w) => w.a![0] === 6 && w.b![0] === 6)!;
    const south = walls.find((w) => w.a![1] === 0 && w.b![1] === 0)!;
    const north = walls.find((w) => w.a![1] === 4 && w.b![1] === 4)!;
    const west = walls.find((w) => w.a![0] === 0 && w.b![0] === 0)!;
    await plan.pick('Select');
    await plan.drag([6, 2], [7, 2]);
    await expect.poll(async () => ends((await plan.typed('wall')).find((w) => w.id === east.id)!)).toEqual([[7, 0], [7, 4]]);
    const after = new Map((await plan.typed('wall')).map((w) => [w.id, w]));
    expect(ends(after.get(south.id)!)).toEqual([[0, 0], [7, 0]]);
    expect(ends(after.get(north.id)!)).toEqual([[7, 4], [0, 4]]);
    expect(ends(after.get(west.id)!)).toEqual(ends(west));
    expect((await plan.only('space')).polygon).toEqual([[0, 0], [7, 0], [7, 4], [0, 4]]);

    // The room's areas follow: 7 × 4 gross, 6.8 × 3.8 net.
    await plan.clickAt(3, 2);
    await expect.poll(() => plan.selection()).toEqual([room.id]);
    await expect(plan.properties.getByTestId('net-area')).toHaveText('25.84 m²');
    await expect(plan.properties.getByTestId('gross-area')).toHaveText('28.00 m²');

    // A door on the south wall, then a width wider than the wall: refused, said under Width.
    await plan.pick('Door');
    await plan.clickAt(2, 0);
    const door = await plan.only('door');
    const width = plan.properties.getByLabel('Width (m)', { exact: true });
    await plan.setProperty('Width (m)', '8');
    await expect(width).toHaveAccessibleDescription('An 8.00 m door does not fit this 7.00 m wall.');
    await expect(width).toHaveAttribute('aria-invalid', 'true');
    await expect(plan.properties.getByLabel('Offset (m)', { exact: true })).not.toHaveAttribute('aria-invalid');
    await expect(plan.properties.getByTestId('property-error')).not.toContainText(door.id);
    expect(await plan.only('door')).toEqual(door);

    // Fixed: written, and the message is gone.
    await plan.setProperty('Width (m)', '1');
    await expect.poll(() => plan.only('door').then((d) => d.width)).toBe(1);
    await expect(plan.properties.getByTestId('property-error')).toHaveCount(0);
    await expect(plan.properties.getByLabel('Width (m)', { exact: true })).not.toHaveAttribute('aria-invalid');
    await context.close();
  });

  test("a wall's length and end typed in properties move it, and the walls joined to it follow", async ({ browser }) => {
    const { context, plan } = await freshBuilding(browser, 'Wall properties');
    await plan.drawWalls([[0, 0], [4, 0], [4, 3]]);
    const walls = await plan.typed('wall');
    const first = walls.find((w) => w.a![0] === 0)!;
    const second = walls.find((w) => w.a![0] === 4 && w.b![1] === 3)!;

    await plan.pick('Select');
    await plan.clickAt(2, 0);
    await expect.poll(() => plan.selection()).toEqual([first.id]);
    await expect(plan.properties.getByLabel('Length (m)', { exact: true })).toHaveValue('4');
    await plan.setProperty('Length (m)', '5');
    await expect.poll(async () => ends((await plan.typed('wall')).find((w) => w.id === first.id)!)).toEqual([[0, 0], [5, 0]]);
    expect(ends((await plan.typed('wall')).find((w) => w.id === second.id)!)).toEqual([[5, 0], [4, 3]]);

    await plan.setProperty('End y (m)', '-1');
    await expect.poll(async () => ends((await plan.typed('wall')).find((w) => w.id === first.id)!)).toEqual([[0, 0], [5, -1]]);
    expect(ends((await plan.typed('wall')).find((w) => w.id === second.id)!)).toEqual([[5, -1], [4, 3]]);

    // A zero length is refused in words under Length.
    await plan.setProperty('Length (m)', '0');
    await expect(plan.properties.getByLabel('Length (m)', { exact: true })).toHaveAccessibleDescription('Must be greater than 0: a wall needs a length.');
    await context.close();
  });
});
