/** Which threads the list shows. */
export interface ThreadFilter {
  readonly status: 'open' | 'resolved' | 'all';
  /** Only threads assigned to me. */
  readonly assignedToMe: boolean;
  /** Only threads I started. */
  readonly mine: boolean;
}

/** A point picked on the plan for a new thread. */
export interface PickedPoint {
  readonly storeyId: string;
  readonly x: number;
  readonly y: number;
}

/** The review panel's state, shared by the top bar, the panel, the plan's pins and the 3D markers. */
export interface ReviewUiState {
  readonly panelOpen: boolean;
  /** The thread shown in the panel. */
  readonly threadId: string | null;
  /** The new-thread form is open. */
  readonly composing: boolean;
  /** Waiting for a click on the plan: the new thread's point. */
  readonly picking: boolean;
  readonly picked: PickedPoint | null;
  readonly filter: ThreadFilter;
}

const INITIAL: ReviewUiState = { panelOpen: false, threadId: null, composing: false, picking: false, picked: null, filter: { status: 'open', assignedToMe: false, mine: false } };

/**
 * The review UI's state (a small external store for `useSyncExternalStore`, like the Editor's):
 * one per building page, outside React so the plan overlay, the 3D markers and the panel read
 * and change the same state.
 */
export class ReviewUi {
  #state: ReviewUiState = INITIAL;
  readonly #listeners = new Set<() => void>();

  getState = (): ReviewUiState => this.#state;
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  update(patch: Partial<ReviewUiState>): void {
    if (Object.entries(patch).every(([key, value]) => this.#state[key as keyof ReviewUiState] === value)) return;
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener();
  }

  togglePanel(): void {
    this.update(this.#state.panelOpen ? { panelOpen: false, picking: false } : { panelOpen: true });
  }
  /** Shows a thread in the panel (the caller restores its viewpoint). */
  showThread(threadId: string): void {
    this.update({ panelOpen: true, threadId, composing: false, picking: false, picked: null });
  }
  /** Back to the list. */
  showList(): void {
    this.update({ threadId: null, composing: false, picking: false, picked: null });
  }
  compose(): void {
    this.update({ panelOpen: true, threadId: null, composing: true, picking: false, picked: null });
  }
  setFilter(filter: Partial<ThreadFilter>): void {
    this.update({ filter: { ...this.#state.filter, ...filter } });
  }
  startPicking(): void {
    this.update({ picking: true, picked: null });
  }
  pick(point: PickedPoint | null): void {
    this.update({ picking: false, picked: point });
  }
}
