/**
 * Clients of the durability tests: the stock y-websocket WebsocketProvider in Node (`ws` as its
 * WebSocket), and editors that record every edit they make so a test can tell, for any copy of
 * the document (another client's, the server's, the database's), which of them it holds.
 */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { mintCollabToken } from '@/lib/auth/collabToken';
import { addElement, readElement, updateElement } from '@/lib/doc';
import { planPoint, type BuildingSnapshot, type Element } from '@/lib/model';
import { parseDocName } from '@/lib/protocol';
import { SECRET } from '../collab/harness';
import type { Rng } from '@/test/helpers/random';
import { wallRecord } from '../collab/model';

export { rng, type Rng } from '@/test/helpers/random';

/** A `ws` WebSocket class whose connections come from `localAddress` (a 127.x.y.z loopback address). */
export function webSocketFrom(localAddress: string): typeof WebSocket {
  return class WebSocketFrom extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols ?? [], { localAddress });
    }
  } as typeof WebSocket;
}

/** Options of {@link connectClient}. */
export interface ClientOptions {
  /** The document to sync (default: a new one). */
  doc?: Y.Doc;
  /** Source address (default: the system's choice, 127.0.0.1). */
  localAddress?: string;
  /** Upper bound of the provider's reconnect backoff, in ms (default 200: tests restart servers). */
  maxBackoffTime?: number;
  /** Keep a copy of the document each time the connection closes (see {@link Client.stateAtClose}). */
  recordCloses?: boolean;
  /** The user the token is for (default {@link EDITOR_USER_ID}; see {@link EDITOR_USER_IDS}). */
  user?: string;
  /** Lifetime of the token, in seconds (default 600). */
  ttlSeconds?: number;
}

/** A stock provider client. */
export class Client {
  readonly provider: WebsocketProvider;
  /** Close codes the provider saw, in order. */
  readonly closeCodes: number[] = [];
  /** With `recordCloses`: the document (encoded) at each close of the connection, in order. */
  readonly stateAtClose: Uint8Array[] = [];

  constructor(
    serverUrl: string,
    readonly docName: string,
    token: string,
    readonly doc: Y.Doc,
    options: ClientOptions,
  ) {
    this.provider = new WebsocketProvider(serverUrl, docName, doc, {
      WebSocketPolyfill: (options.localAddress ? webSocketFrom(options.localAddress) : WebSocket) as unknown as typeof globalThis.WebSocket,
      params: { token },
      disableBc: true,
      maxBackoffTime: options.maxBackoffTime ?? 200,
    });
    this.provider.on('connection-close', (event) => {
      if (event) this.closeCodes.push(event.code);
      if (options.recordCloses) this.stateAtClose.push(Y.encodeStateAsUpdate(doc));
    });
    live.add(this);
    // Each stock provider adds a process 'exit' listener; many clients in one process are intended here.
    process.setMaxListeners(Math.max(process.getMaxListeners(), live.size + 10));
  }

  /** Resolves once the provider is synced (again). */
  synced(): Promise<void> {
    if (this.provider.synced) return Promise.resolve();
    return new Promise((resolve) => {
      const onSync = (synced: boolean) => {
        if (!synced) return;
        this.provider.off('sync', onSync);
        resolve();
      };
      this.provider.on('sync', onSync);
    });
  }

  /** The state vector of the client's document. */
  stateVector(): Uint8Array {
    return Y.encodeStateVector(this.doc);
  }

  destroy(): void {
    live.delete(this);
    this.provider.destroy();
  }
}

const live = new Set<Client>();

/** Connects a stock provider client (an editor of the building) to `docName`. */
export async function connectClient(serverUrl: string, docName: string, options: ClientOptions = {}): Promise<Client> {
  return new Client(serverUrl, docName, await editorToken(docName, options.user, options.ttlSeconds), options.doc ?? new Y.Doc(), options);
}

/** Connects an {@link Editor} numbered `index` (its walls are `e<index>-<n>`), choosing its edits with `random`. */
export async function connectEditor(serverUrl: string, docName: string, index: number, random: Rng, options: ClientOptions = {}): Promise<Editor> {
  return new Editor(index, random, serverUrl, docName, await editorToken(docName, options.user), options);
}

/** The user of the test tokens (the durability database makes it an admin of its organization). */
export const EDITOR_USER_ID = 'durability-editor';
/** Every user the durability database makes an admin of its organization: distinct people editing together. */
export const EDITOR_USER_IDS = [EDITOR_USER_ID, 'durability-editor-2', 'durability-editor-3'] as const;

/** A collab token for an editor of `docName`'s building, valid for `ttlSeconds` (default 10 minutes). */
export function editorToken(docName: string, sub: string = EDITOR_USER_ID, ttlSeconds = 600): Promise<string> {
  const building = parseDocName(docName)?.buildingId;
  if (!building) throw new Error(`not a document name: ${docName}`);
  return mintCollabToken({ sub, name: sub, building, role: 'editor' }, SECRET, { ttlSeconds });
}

/** Destroys every client still open (afterEach safety net). */
export function destroyClients(): void {
  for (const client of [...live]) client.destroy();
}

/** The fields of a wall an editor's edits set. */
interface WallState {
  a: readonly number[];
  b: readonly number[];
  name: string;
}

/** One edit: the element it set and the editor's own clock after it. */
interface EditRecord {
  clock: number;
  id: string;
  state: WallState;
}

/**
 * A client that edits ONLY its own walls (ids `e<index>-<n>`): adds them, moves them, renames
 * them; so the state each of its walls must have in any copy that holds its edits up to a given
 * clock is known exactly, whatever the other clients do.
 */
export class Editor extends Client {
  /** Every edit made, in order. */
  readonly edits: EditRecord[] = [];
  /** Writer failures (must stay empty: the editor only touches its own valid walls). */
  readonly failures: string[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #walls: string[] = [];

  constructor(
    readonly index: number,
    private readonly random: Rng,
    serverUrl: string,
    docName: string,
    token: string,
    options: ClientOptions = {},
  ) {
    super(serverUrl, docName, token, options.doc ?? new Y.Doc(), options);
  }

  /** Makes one edit of its own walls: add (always the first), move or rename. */
  editOnce(): void {
    const roll = this.random.next();
    let result: { ok: true; value: Element } | { ok: false; error: unknown };
    if (this.#walls.length === 0 || roll < 0.25) {
      const id = `e${this.index}-${this.#walls.length}`;
      this.#walls.push(id);
      result = addElement(this.doc, wallRecord(id, this.index * 10 + (this.#walls.length % 10)));
    } else {
      const id = this.#walls[this.random.int(this.#walls.length)]!;
      if (roll < 0.7) {
        // A move of this wall alone (updateElement, not moveElements: walls joined to it stay
        // where they are, so each editor's walls are changed only by its own edits).
        const wall = readElement(this.doc, id) as (Element & WallState) | undefined;
        const [dx, dy] = [1 + this.random.int(3), this.random.int(3) - 1];
        result = wall
          ? updateElement(this.doc, id, { a: planPoint(wall.a[0] + dx, wall.a[1] + dy), b: planPoint(wall.b[0] + dx, wall.b[1] + dy) })
          : { ok: false, error: `${id} is not in the document` };
      } else result = updateElement(this.doc, id, { name: `${id} edit ${this.edits.length}` });
    }
    if (!result.ok) {
      this.failures.push(JSON.stringify(result.error));
      return;
    }
    const wall = result.value as Element & WallState;
    this.edits.push({ clock: Y.getState(this.doc.store, this.doc.clientID), id: wall.id, state: { a: wall.a, b: wall.b, name: wall.name } });
  }

  /** Edits every `intervalMs` until {@link stopEditing}. */
  startEditing(intervalMs: number): void {
    this.stopEditing();
    this.#timer = setInterval(() => this.editOnce(), intervalMs);
  }

  stopEditing(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** How many of this editor's edits a copy with state vector `stateVector` holds. */
  editsIn(stateVector: Uint8Array): number {
    const clock = Y.decodeStateVector(stateVector).get(this.doc.clientID) ?? 0;
    return this.edits.filter((e) => e.clock <= clock).length;
  }

  /**
   * What is wrong with `snapshot` as a copy holding this editor's first `count` edits (default
   * all): each of its walls must exist with exactly the position and name the last of those
   * edits gave it. Empty when everything is there.
   */
  problemsIn(snapshot: BuildingSnapshot, count = this.edits.length): string[] {
    const expected = new Map<string, WallState>();
    for (const edit of this.edits.slice(0, count)) expected.set(edit.id, edit.state);
    const problems: string[] = [];
    for (const [id, want] of expected) {
      const got = snapshot.elements[id] as (Element & WallState) | undefined;
      if (!got) problems.push(`${id}: missing`);
      else if (JSON.stringify({ a: got.a, b: got.b, name: got.name }) !== JSON.stringify(want)) {
        problems.push(`${id}: ${JSON.stringify({ a: got.a, b: got.b, name: got.name })}, expected ${JSON.stringify(want)}`);
      }
    }
    return problems;
  }

  override destroy(): void {
    this.stopEditing();
    super.destroy();
  }
}
