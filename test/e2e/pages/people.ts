import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { SignUpPage } from './AuthPages';
import { BuildingPage } from './BuildingPage';
import { BuildingsPage } from './BuildingsPage';
import { PlanTools } from './PlanTools';
import { uniqueEmail } from './session';
import type { Editor } from './editors';

const PASSWORD = 'a-fresh-owner-password';

/** A fresh account (not the demo user) on a new building of its own, live, with one storey and the camera at a known place. */
export async function newOwnerBuilding(browser: Browser, firstName: string, title: string): Promise<Editor & { name: string; buildingName: string }> {
  const email = uniqueEmail(firstName.toLowerCase());
  const name = `${firstName} ${email.split('@')[0]!.slice(-4)}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.signUp(name, email, PASSWORD);
  const buildings = new BuildingsPage(page);
  await buildings.goto();
  const buildingName = `${title} ${Date.now().toString(36)}`;
  const id = await buildings.create(buildingName);
  const editor = await openLiveBuilding(context, page, id);
  await page.getByRole('button', { name: '+ Storey' }).click();
  await expect.poll(() => editor.plan.storeys().then((s) => s.length)).toBe(1);
  await editor.plan.scrollIntoView();
  await editor.plan.setCamera({ x: 3, y: 2, zoom: 50 });
  return { ...editor, name, buildingName };
}

/** Opens building `id` in `page` and waits until it is live and the plan's dev test API is there. */
export async function openLiveBuilding(context: BrowserContext, page: Page, id: string): Promise<Editor> {
  const building = new BuildingPage(page);
  await building.open(id);
  await building.waitUntilLive();
  const plan = new PlanTools(page);
  await plan.ready();
  return { context, page, building, plan, id };
}
