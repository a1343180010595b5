/** IPC messages between the bench process and the client process. */
import type { LatencySummary } from '../stats';
import type { TargetContext } from '../targets/types';

export interface ClientRunConfig {
  target: string;
  port: number;
  ctx: TargetContext;
  docNames: string[];
  clientsPerDoc: number;
  /** Edits per second per client. */
  rate: number;
  seconds: number;
  /** Equipment ids in the seed doc (each client edits its own share of them). */
  elementIds: string[];
  /** Seed state (base64), applied locally by clients of a stateless target (the relay). */
  seedState?: string;
}

export interface ClientResult {
  clients: number;
  /** Time from first connect to all clients ready, ms. */
  connectMs: number;
  /** Edits made (each one lib/doc transaction, one Yjs update). */
  edits: number;
  /** Edits lib/doc refused (should be 0). */
  editErrors: number;
  /** Edit phase length measured, s. */
  editSeconds: number;
  /** Receipts expected: edits x (clients per doc - 1). */
  expectedReceipts: number;
  latency: LatencySummary;
  /** Connections that closed during the run (reconnects). */
  disconnects: number;
  /** Time waited after the edit phase for the last receipts, ms. */
  drainMs: number;
}

export type ToClient = { type: 'start'; config: ClientRunConfig } | { type: 'go' } | { type: 'stop' };
export type FromClient = { type: 'ready'; connectMs: number } | { type: 'done'; result: ClientResult } | { type: 'error'; message: string };
