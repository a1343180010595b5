/**
 * The public demo (issue #14 point 12): anyone, signed in or not, may look at the seeded demo
 * building, read-only, without the demo account. The seed (scripts/seed.ts) gives the demo
 * building a share link with this fixed id: role `viewer`, guests allowed. `/demo` opens it as
 * the share-link machinery does for `/s/<token>` (a share cookie naming this link), so the access
 * it grants is exactly that link's: viewing that one building, re-checked on every request, and
 * withdrawn by revoking the link. Its URL token is random and never shown: `/demo` is the only way in.
 * No imports: the seed script loads this file too.
 */
export const DEMO_PUBLIC_LINK_ID = 'demo-public-viewer';

/** The demo building's id (scripts/demoBuilding.ts `DEMO_BUILDING_ID`). */
export const DEMO_PUBLIC_BUILDING_ID = 'demo';

/** How long the demo link lasts from each seed run (the share cookie itself lasts at most 30 days). */
export const DEMO_PUBLIC_LINK_TTL_MS = 10 * 365 * 24 * 3600_000;
