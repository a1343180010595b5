/**
 * One cold load, in its own process (so the bench process's large heap, which holds the
 * generated history, neither slows nor pauses the measuring client): warm the server up on a small
 * document, then time one real client loading the big one. Driven over IPC: receives a
 * {@link LoadRequest}, answers with a {@link LoadReply}, exits.
 */
import * as Y from 'yjs';
import { wallMs } from '../stats';
import { getTarget } from '../targets';
import type { TargetContext } from '../targets/types';

export interface LoadRequest {
  target: string;
  port: number;
  ctx: TargetContext;
  /** Small doc loaded first, with `warmElements` elements. */
  warm: string;
  warmElements: number;
  docName: string;
  elements: number;
}

export type LoadReply = { ok: true; syncedMs: number; loadedMs: number } | { ok: false; error: string };

/** Resolves when `doc` holds at least `elements` elements. */
function untilElements(doc: Y.Doc, elements: number): Promise<number> {
  const map = doc.getMap('elements');
  if (map.size >= elements) return Promise.resolve(wallMs());
  return new Promise((resolve) => {
    const check = () => {
      if (map.size < elements) return;
      map.unobserve(check);
      resolve(wallMs());
    };
    map.observe(check);
  });
}

async function load(request: LoadRequest, docName: string, elements: number, clientIndex: number) {
  const target = getTarget(request.target);
  const doc = new Y.Doc();
  const loaded = untilElements(doc, elements);
  const start = wallMs();
  const connection = await target.connect({ port: request.port, docName, doc, clientIndex, ctx: request.ctx });
  try {
    await connection.ready;
    const synced = wallMs();
    const done = await loaded;
    return { syncedMs: synced - start, loadedMs: done - start };
  } finally {
    connection.destroy();
    doc.destroy();
  }
}

process.once('message', (request: LoadRequest) => {
  const reply = (message: LoadReply) => process.send!(message, () => process.exit(0));
  load(request, request.warm, request.warmElements, 1)
    .then(() => load(request, request.docName, request.elements, 0))
    .then(
      (result) => reply({ ok: true, ...result }),
      (error: unknown) => reply({ ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
});
