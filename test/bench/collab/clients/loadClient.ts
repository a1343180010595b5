/**
 * One cold load, in its own process (so the bench process's large heap, which holds the
 * generated history, neither slows nor pauses the measuring client): warm the server up on a small
 * document, then time one real client loading the big one. Driven over IPC: receives a
 * {@link LoadRequest}, answers with a {@link LoadReply}, exits.
 */
import * as Y from 'yjs';
import { wallMs } from '../stats';
import { lastMessageArrival } from './sourceAddress';
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

export type LoadReply = { ok: true; syncedMs: number; loadedMs: number; receivedMs: number; clientApplyMs: number } | { ok: false; error: string };

/**
 * Resolves when `doc` holds at least `elements` elements: then, and when the message that
 * completed them had arrived at the socket (before the provider applied it).
 */
function untilElements(doc: Y.Doc, elements: number): Promise<{ at: number; arrivedAt: number }> {
  const map = doc.getMap('elements');
  if (map.size >= elements) return Promise.resolve({ at: wallMs(), arrivedAt: lastMessageArrival() });
  return new Promise((resolve) => {
    const check = () => {
      if (map.size < elements) return;
      map.unobserve(check);
      resolve({ at: wallMs(), arrivedAt: lastMessageArrival() });
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
    // The client's own share: stock Yjs applying the same state in this (warm) process.
    const state = Y.encodeStateAsUpdate(doc);
    const applyStart = wallMs();
    const copy = new Y.Doc();
    Y.applyUpdate(copy, state);
    const clientApplyMs = wallMs() - applyStart;
    copy.destroy();
    return { syncedMs: synced - start, loadedMs: done.at - start, receivedMs: done.arrivedAt - start, clientApplyMs };
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
