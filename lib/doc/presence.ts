/**
 * Awareness (presence) state of one client, as in ARCHITECTURE.md section 2: who, where the
 * pointer is, what is selected, the plan viewport, the 3D view, the headset pose, and whom they
 * follow. Awareness is not persisted and comes from other clients, so it is parsed defensively:
 * anything malformed is dropped field by field, never thrown.
 *
 * World coordinates (3D view, headset): x = plan x, y = up, z = −plan y, metres.
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
  /** Height: world y (up), metres, for view '3d'; absent when unknown or malformed. */
  readonly z?: number;
}

/** A client's plan viewport: the plan point at the centre of the view and pixels per metre. */
export interface PresenceViewport {
  readonly storeyId: string;
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

/** A point or direction in world coordinates: [x, y (up), z]. */
export type PresenceVector3 = readonly [number, number, number];

/** A rotation as a unit quaternion [x, y, z, w] (three.js and WebXR order). */
export type PresenceQuaternion = readonly [number, number, number, number];

/** A section plane of the 3D view: a point on it and its unit normal. */
export interface PresenceSection {
  readonly point: PresenceVector3;
  readonly normal: PresenceVector3;
}

/** The 3D view of a client (world coordinates: x = plan x, y = up, z = −plan y). */
export interface PresenceView3d {
  readonly position: PresenceVector3;
  readonly target: PresenceVector3;
  /** Vertical field of view in degrees (1..179). */
  readonly fov: number;
  /** Section plane: a point on it and its normal (unit), or absent when off. */
  readonly section?: PresenceSection;
  /** Which storeys the 3D view shows: all, only the chosen one, or it and those below. */
  readonly storeys: 'all' | 'one' | 'below';
  readonly storeyId: string;
}

/** A world pose: position and orientation. */
export interface PresencePose {
  readonly position: PresenceVector3;
  readonly quaternion: PresenceQuaternion;
}

/** A headset user: session mode, head and controllers (world poses). */
export interface PresenceXr {
  readonly mode: 'ar' | 'vr';
  readonly head: PresencePose;
  readonly left?: PresencePose;
  readonly right?: PresencePose;
}

/** One client's presence. */
export interface Presence {
  readonly user: PresenceUser;
  readonly cursor?: PresenceCursor;
  readonly selection: readonly string[];
  readonly viewport?: PresenceViewport;
  /** The client's 3D view, when it has one open. */
  readonly view3d?: PresenceView3d;
  /** The client's headset session, when it is in one. */
  readonly xr?: PresenceXr;
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

/** How far from 1 the length of a quaternion or a section normal may be. */
const UNIT_TOLERANCE = 1e-3;

/** An array of exactly `length` finite numbers (checked before reading, so huge arrays cost nothing). */
function finiteTuple(v: unknown, length: number): number[] | undefined {
  if (!Array.isArray(v) || v.length !== length) return undefined;
  const out: number[] = [];
  for (let i = 0; i < length; i++) {
    const n: unknown = v[i];
    if (!isFiniteNumber(n)) return undefined;
    out.push(n);
  }
  return out;
}

const isUnit = (v: readonly number[]): boolean => Math.abs(Math.hypot(...v) - 1) <= UNIT_TOLERANCE;

function parseVector3(v: unknown): PresenceVector3 | undefined {
  const t = finiteTuple(v, 3);
  return t && [t[0]!, t[1]!, t[2]!];
}

function parseUnitVector3(v: unknown): PresenceVector3 | undefined {
  const t = parseVector3(v);
  return t && isUnit(t) ? t : undefined;
}

function parseQuaternion(v: unknown): PresenceQuaternion | undefined {
  const t = finiteTuple(v, 4);
  return t && isUnit(t) ? [t[0]!, t[1]!, t[2]!, t[3]!] : undefined;
}

function parsePose(v: unknown): PresencePose | undefined {
  if (!isObject(v)) return undefined;
  const position = parseVector3(v.position);
  const quaternion = parseQuaternion(v.quaternion);
  return position && quaternion ? { position, quaternion } : undefined;
}

function parseCursor(c: unknown): PresenceCursor | undefined {
  if (!isObject(c) || (c.view !== 'plan' && c.view !== '3d') || !isShortString(c.storeyId) || !isFiniteNumber(c.x) || !isFiniteNumber(c.y)) return undefined;
  const cursor: PresenceCursor = { view: c.view, storeyId: c.storeyId, x: c.x, y: c.y };
  // A malformed height is dropped alone: the plan position is still good.
  return isFiniteNumber(c.z) ? { ...cursor, z: c.z } : cursor;
}

/** The 3D view; a malformed section plane is dropped alone (the view is then read as unsectioned). */
function parseView3d(v: unknown): PresenceView3d | undefined {
  if (!isObject(v)) return undefined;
  const position = parseVector3(v.position);
  const target = parseVector3(v.target);
  const { fov, storeys, storeyId } = v;
  if (!position || !target || !isFiniteNumber(fov) || fov < 1 || fov > 179) return undefined;
  if ((storeys !== 'all' && storeys !== 'one' && storeys !== 'below') || !isShortString(storeyId)) return undefined;
  const view: PresenceView3d = { position, target, fov, storeys, storeyId };
  const s = v.section;
  const point = isObject(s) ? parseVector3(s.point) : undefined;
  const normal = isObject(s) ? parseUnitVector3(s.normal) : undefined;
  return point && normal ? { ...view, section: { point, normal } } : view;
}

/** The headset session; a malformed controller pose is dropped alone. */
function parseXr(v: unknown): PresenceXr | undefined {
  if (!isObject(v) || (v.mode !== 'ar' && v.mode !== 'vr')) return undefined;
  const head = parsePose(v.head);
  if (!head) return undefined;
  const left = parsePose(v.left);
  const right = parsePose(v.right);
  return { mode: v.mode, head, ...(left && { left }), ...(right && { right }) };
}

/** Parses one awareness state; undefined when it has no valid `user`. */
export function parsePresence(state: unknown): Presence | undefined {
  if (!isObject(state) || !isObject(state.user)) return undefined;
  const { id, name, color } = state.user;
  if (!isShortString(name) || !isShortString(color, 32)) return undefined;
  const user: PresenceUser = { id: isShortString(id) ? id : name, name, color };
  const cursor = parseCursor(state.cursor);
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
    view3d: parseView3d(state.view3d),
    xr: parseXr(state.xr),
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
