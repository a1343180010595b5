import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { SignUpPage } from './AuthPages';
import { BuildingPage } from './BuildingPage';
import { BuildingsPage } from './BuildingsPage';
import { PlanTools } from './PlanTools';
import { uniqueEmail } from './session';

/** One person with a building open in a browser context of their own. */
export interface Editor {
  context: BrowserContext;
  page: Page;
  building: BuildingPage;
  plan: PlanTools;
  /** The building's id. */
  id: string;
}

/** Password of the accounts {@link openAsInvitee} signs up. */
const INVITEE_PASSWORD = 'plan-editor-password';

/** Opens the building and waits until it is live and the plan's dev test API is there. */
async function openLive(context: BrowserContext, page: Page, id: string): Promise<Editor> {
  const building = new BuildingPage(page);
  await building.open(id);
  await building.waitUntilLive();
  const plan = new PlanTools(page);
  await plan.ready();
  return { context, page, building, plan, id };
}

/** Opens an existing building as the demo user in a new context and waits until it is live. */
export async function openAsDemo(browser: Browser, id: string): Promise<Editor> {
  const context = await browser.newContext();
  return openLive(context, await context.newPage(), id);
}

/**
 * The demo user (or, with `newAccount`, a person who just signed up under that first name) on a
 * fresh building of their own, live; unless `storey` is false, with one storey
 * added through the storey bar and the camera at a known place, so plan points map to pixels.
 * `hasTouch` gives the context a touch screen (for touch gestures through CDP).
 */
export async function newBuilding(
  browser: Browser,
  title: string,
  options: { storey?: boolean; viewport?: { width: number; height: number }; hasTouch?: boolean; newAccount?: string } = {},
): Promise<Editor> {
  const context = await browser.newContext({ ...(options.viewport ? { viewport: options.viewport } : {}), ...(options.hasTouch ? { hasTouch: true } : {}) });
  const page = await context.newPage();
  if (options.newAccount) {
    // A new user, as someone trying ArxOS for the first time: sign up, then a building of their own.
    const email = uniqueEmail(options.newAccount.toLowerCase());
    const signUp = new SignUpPage(page);
    await signUp.goto();
    await signUp.signUp(`${options.newAccount} ${email.split('@')[0]!.slice(-4)}`, email, INVITEE_PASSWORD);
  } else {
    // Opening the demo building signs the context in as the demo user.
    await new BuildingPage(page).open('demo');
  }
  const buildings = new BuildingsPage(page);
  await buildings.goto();
  const id = await buildings.create(`${title} ${Date.now().toString(36)}`);
  const editor = await openLive(context, page, id);
  if (options.storey !== false) {
    await editor.building.addStorey();
    await expect.poll(() => editor.plan.storeys().then((s) => s.length)).toBe(1);
    await editor.plan.scrollIntoView();
    await editor.plan.setCamera({ x: 3, y: 2, zoom: 50 });
  }
  return editor;
}

/**
 * A second person on `owner`'s building: a new account (named `firstName` and a unique suffix)
 * that the owner invites with `role`, signed up in a new context, with the building open and live.
 * The owner's plan is scrolled back into view after inviting.
 */
export async function openAsInvitee(browser: Browser, owner: Editor, firstName: string, role: 'editor' | 'commenter' | 'viewer' = 'editor'): Promise<Editor & { name: string; email: string }> {
  const email = uniqueEmail(firstName.toLowerCase());
  const name = `${firstName} ${email.split('@')[0]!.slice(-4)}`;
  await owner.building.invite(email, role);
  // The sharing dialog is modal: close it so the owner's plan takes input again.
  await owner.building.closeSharing();
  const context = await browser.newContext();
  const page = await context.newPage();
  const signUp = new SignUpPage(page);
  await signUp.goto();
  await signUp.signUp(name, email, INVITEE_PASSWORD);
  return { ...(await openLive(context, page, owner.id)), name, email };
}
