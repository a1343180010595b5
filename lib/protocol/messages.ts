/**
 * Message types of the y-websocket wire protocol (the first varint of every binary frame).
 * These match the stock `y-websocket` client, so it talks to our server unchanged.
 */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
} as const;

export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/**
 * Sub-types of a {@link MessageType.Sync} message (the second varint), as in y-protocols/sync:
 * step 1 carries a state vector, step 2 and update carry a Yjs update (V1 encoding).
 */
export const SyncMessageType = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const;

export type SyncMessageType = (typeof SyncMessageType)[keyof typeof SyncMessageType];

/** The two documents every building has (ARCHITECTURE.md section 2). */
export type DocPart = 'model' | 'review';

/** What a building id may be: 1 to 64 of `A-Z a-z 0-9 _ -` (URL- and path-safe). */
export const BUILDING_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Names of the two documents every building has (ARCHITECTURE.md section 2). */
export const docNames = {
  model: (buildingId: string) => `building/${buildingId}/model`,
  review: (buildingId: string) => `building/${buildingId}/review`,
} as const;

/** Parses `building/<id>/(model|review)`; returns null for any other name. */
export function parseDocName(name: string): { buildingId: string; part: DocPart } | null {
  const match = /^building\/([^/]+)\/(model|review)$/.exec(name);
  if (!match || !BUILDING_ID_PATTERN.test(match[1]!)) return null;
  return { buildingId: match[1]!, part: match[2] as DocPart };
}
