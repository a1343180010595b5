/**
 * A server under test. `start` runs in the bench (orchestrator) process; `connect` runs wherever
 * clients live (the client process, or the bench process for cold loads), so both must be
 * importable there.
 */
import type * as Y from 'yjs';
import type { RebasedState } from '@/collab-server/lineage';
import type { ServerProcess } from '../childProcess';

export interface TargetContext {
  /** Bench database connection string (all targets share it). */
  dbUrl: string;
  /** HS256 secret for collab tokens (ArxOS). */
  secret: string;
}

/** What the workload puts in a server's store before it starts. */
export interface SeedDocument {
  name: string;
  /** Initial state as one update. */
  state: Uint8Array;
  /** Optional history after the state, in order (cold-load benchmark). */
  history?: readonly Uint8Array[];
  /** The doc state after the first `count` history updates, when precomputed (else undefined). */
  stateAfter?: (count: number) => Uint8Array | undefined;
  /**
   * ArxOS only: the rebases its server made before `state` (SPEC 20), oldest first; `state` is
   * then the last one's new base and `history` what followed on that lineage.
   */
  rebases?: readonly RebasedState[];
}

/** A connected client. */
export interface BenchConnection {
  /** Resolves once the client holds the server's state (for the relay: once connected). */
  ready: Promise<void>;
  /** Times the connection closed after it was ready (each one a reconnect). */
  disconnects(): number;
  destroy(): void;
}

export interface ConnectOptions {
  port: number;
  docName: string;
  doc: Y.Doc;
  /** Client number, unique in the run (user id for tokens). */
  clientIndex: number;
  ctx: TargetContext;
}

export interface BenchTarget {
  /** Column name. */
  name: string;
  /** Client library its clients use. */
  client: string;
  /** One line on what and how it persists. */
  persists: string;
  /** True when the server holds no state, so clients seed their doc locally (the relay). */
  stateless?: boolean;
  /** Can it serve a cold load from its store (false for the relay)? */
  coldLoad: boolean;
  /** Writes documents into the server's store, as if it had persisted them itself. */
  seed(ctx: TargetContext, docs: readonly SeedDocument[]): Promise<void>;
  /** Starts the server as its own process on `port`. */
  start(port: number, ctx: TargetContext): ServerProcess;
  /** The client factory. */
  connect(options: ConnectOptions): Promise<BenchConnection>;
}
