/**
 * The y-websocket wire format (y-protocols sync + awareness), decoded strictly: one message per
 * frame, no trailing bytes, known types only (SPEC.md rule 8). Decoding never throws; a frame
 * that is not exactly one well-formed message is an error value.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MessageType, SyncMessageType } from '@/lib/protocol';

/** A decoded client frame. Payloads are views into the frame: copy before keeping them. */
export type ClientFrame =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-update'; step: 'step2' | 'update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

/** Decodes one client frame. */
export function decodeFrame(frame: Uint8Array): { ok: true; value: ClientFrame } | { ok: false; error: string } {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    let value: ClientFrame;
    if (type === MessageType.Sync) {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === SyncMessageType.Step1) value = { type: 'sync-step1', stateVector: payload };
      else if (step === SyncMessageType.Step2) value = { type: 'sync-update', step: 'step2', update: payload };
      else if (step === SyncMessageType.Update) value = { type: 'sync-update', step: 'update', update: payload };
      else return { ok: false, error: `unknown sync message type ${step}` };
    } else if (type === MessageType.Awareness) {
      value = { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
    } else if (type === MessageType.QueryAwareness) {
      value = { type: 'query-awareness' };
    } else {
      return { ok: false, error: `unknown message type ${type}` };
    }
    if (decoding.hasContent(decoder)) return { ok: false, error: `${frame.length - decoder.pos} trailing bytes after a ${value.type} message` };
    return { ok: true, value };
  } catch (error) {
    // lib0 throws on truncated varints / arrays and on varints over 53 bits: a malformed frame.
    return { ok: false, error: `undecodable frame: ${(error as Error).message}` };
  }
}

/** Sync step 1 carrying `doc`'s state vector. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return encodeSync(SyncMessageType.Step1, Y.encodeStateVector(doc));
}

/** Sync step 2: what `doc` has beyond `stateVector`. Throws on a malformed state vector. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return encodeSync(SyncMessageType.Step2, Y.encodeStateAsUpdate(doc, stateVector));
}

/** A sync update message. */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(SyncMessageType.Update, update);
}

/** An awareness message carrying an encoded awareness update. */
export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A sync message of type `step` carrying `payload`. */
export function encodeSync(step: SyncMessageType, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}
