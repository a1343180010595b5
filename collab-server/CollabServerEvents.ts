import type { EventEmitter } from 'node:events';
import type { ModelIssue } from '@/lib/model';

/** Events of a running server (tests and operators may listen); rooms and the registry emit them. */
export interface CollabServerEvents {
  'room-loaded': [docName: string];
  'room-unloaded': [docName: string];
  /** An idle document was rebased onto `lineage` (SPEC.md rule 20); it is unloaded too. */
  'room-rebased': [docName: string, lineage: number];
  'room-failed': [docName: string];
  /** An update refused by validation (SPEC.md rule 5). */
  'update-rejected': [event: { doc: string; socketId: string; issues: ModelIssue[] }];
  /** An update writing another user's Yjs client id was refused (SPEC.md rule 22). */
  'client-refused': [event: { doc: string; socketId: string; user: string; owner: string; client: number; from: number; to: number }];
}

/** The server's typed event emitter, passed down to the rooms. */
export type CollabServerEmitter = EventEmitter<CollabServerEvents>;
