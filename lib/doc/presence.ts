/**
 * Awareness (presence) state of one client, as in ARCHITECTURE.md section 2: who, where the
 * pointer is, what is selected, the plan viewport, and whom they follow. Awareness is not
 * persisted and comes from other clients, so it is parsed defensively: anything malformed is
 * dropped field by field, never thrown.
 */

/** Who a client is. */
export interface PresenceUser {
  readonly id: string;
  readonly name: string;
  readonly color: string;
}

/** Where a client's pointer is on the plan (plan coordinates, metres). */
export interface PresenceCursor {
  readonly view: 'plan' | '3d';
  readonly storeyId: string;
  readonly x: number;
  readonly y: number;
}

/** A client's plan viewport: the plan point at the centre of the view and pixels per metre. */
export interface PresenceViewport {
  readonly storeyId: string;
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

/** One client's presence. */
export interface Presence {
  readonly user: PresenceUser;
  readonly cursor?: PresenceCursor;
  readonly selection: readonly string[];
  readonly viewport?: PresenceViewport;
  readonly following?: string;
  /** Milliseconds since the epoch of the client's last input. */
  readonly activeAt?: number;
}

/** A remote client's presence with its awareness client id. */
export interface Peer extends Presence {
  readonly clientId: number;
}

/** A client is idle when it has had no input for this long (ms). */
export const IDLE_AFTER_MS = 60_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isShortString = (v: unknown, max = 200): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** Parses one awareness state; undefined when it has no valid `user`. */
export function parsePresence(state: unknown): Presence | undefined {
  if (!isObject(state) || !isObject(state.user)) return undefined;
  const { id, name, color } = state.user;
  if (!isShortString(name) || !isShortString(color, 32)) return undefined;
  const user: PresenceUser = { id: isShortString(id) ? id : name, name, color };
  const c = state.cursor;
  const cursor =
    isObject(c) && (c.view === 'plan' || c.view === '3d') && isShortString(c.storeyId) && isFiniteNumber(c.x) && isFiniteNumber(c.y)
      ? { view: c.view as PresenceCursor['view'], storeyId: c.storeyId, x: c.x, y: c.y }
      : undefined;
  const v = state.viewport;
  const viewport =
    isObject(v) && isShortString(v.storeyId) && isFiniteNumber(v.x) && isFiniteNumber(v.y) && isFiniteNumber(v.zoom) && v.zoom > 0
      ? { storeyId: v.storeyId, x: v.x, y: v.y, zoom: v.zoom }
      : undefined;
  const selection = Array.isArray(state.selection) ? state.selection.filter((s): s is string => isShortString(s)).slice(0, 10_000) : [];
  return {
    user,
    cursor,
    selection,
    viewport,
    following: isShortString(state.following) ? state.following : undefined,
    activeAt: isFiniteNumber(state.activeAt) ? state.activeAt : undefined,
  };
}

/** Valid presences of every client except `selfId`, in client id order. */
export function listPeers(states: ReadonlyMap<number, unknown>, selfId: number): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of [...states].sort((a, b) => a[0] - b[0])) {
    if (clientId === selfId) continue;
    const presence = parsePresence(state);
    if (presence) peers.push({ ...presence, clientId });
  }
  return peers;
}

/** True when the peer has had no input for {@link IDLE_AFTER_MS} as of `now`. */
export function isIdle(presence: Presence, now: number): boolean {
  return presence.activeAt !== undefined && now - presence.activeAt > IDLE_AFTER_MS;
}

/** Join/leave changes between two peer lists (by client id), for toasts. */
export function diffPeers(before: readonly Peer[], after: readonly Peer[]): { joined: Peer[]; left: Peer[] } {
  const was = new Set(before.map((p) => p.clientId));
  const is = new Set(after.map((p) => p.clientId));
  return { joined: after.filter((p) => !was.has(p.clientId)), left: before.filter((p) => !is.has(p.clientId)) };
}
