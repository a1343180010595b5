/**
 * One simulated user: moves its own equipment elements at a fixed rate through lib/doc (a real,
 * validated model edit: `updateElement` with a new position), stamping each edit with its send
 * time in `props.benchSentAt`; and records, for every remote edit its doc applies, apply time -
 * send time.
 */
import * as Y from 'yjs';
import { updateElement } from '@/lib/doc';
import { worldPoint } from '@/lib/model';
import type { Samples } from '../stats';
import { wallMs } from '../stats';

type Position = [number, number, number];

export class EditingClient {
  edits = 0;
  editErrors = 0;
  receipts = 0;
  #timer: NodeJS.Timeout | undefined;
  #next = 0;
  readonly #positions = new Map<string, Position>();

  constructor(
    readonly doc: Y.Doc,
    /** The elements this client moves (no one else moves them, so no edit is lost to a conflict). */
    readonly elementIds: readonly string[],
    private readonly latencies: Samples,
  ) {
    doc.getMap('elements').observeDeep((events, transaction) => {
      if (transaction.local) return;
      for (const event of events) {
        if (!(event instanceof Y.YMapEvent) || !event.keysChanged.has('benchSentAt')) continue;
        const sentAt = (event.target as Y.Map<unknown>).get('benchSentAt');
        if (typeof sentAt === 'number') {
          latencies.add(wallMs() - sentAt);
          this.receipts++;
        }
      }
    });
  }

  /** Starts editing at `rate` per second, the first edit after a random part of one period. */
  start(rate: number): void {
    const period = 1000 / rate;
    setTimeout(() => {
      this.edit();
      this.#timer = setInterval(() => this.edit(), period);
    }, Math.random() * period);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  edit(): void {
    if (this.elementIds.length === 0) return;
    const id = this.elementIds[this.#next++ % this.elementIds.length]!;
    const position = this.#position(id);
    position[0] = clamp(position[0] + (Math.random() - 0.5), 0, 100);
    position[1] = clamp(position[1] + (Math.random() - 0.5), 0, 100);
    const result = updateElement(this.doc, id, { position: worldPoint(...position), props: { benchSentAt: wallMs() } });
    if (result.ok) this.edits++;
    else this.editErrors++;
  }

  #position(id: string): Position {
    let position = this.#positions.get(id);
    if (!position) {
      const stored = (this.doc.getMap('elements').get(id) as Y.Map<unknown> | undefined)?.get('position');
      position = Array.isArray(stored) ? ([...stored] as Position) : [0, 0, 0];
      this.#positions.set(id, position);
    }
    return position;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
