import type * as Y from 'yjs';
import { listStoreys, observeBuilding, readBuilding, readElement, readMeta, type BuildingEvent } from '@/lib/doc';
import type { BuildingSnapshot, Element, Meta, Storey } from '@/lib/model';

/** Which records a change touched: `all` after a (re)load, else the element ids and whether storeys changed. */
export interface ModelChange {
  readonly all: boolean;
  readonly ids: readonly string[];
  readonly storeys: boolean;
}

/**
 * A live, incrementally updated read model of a building doc for the UI. Only the records a
 * transaction touched are re-read (and re-validated), so an element object keeps its identity
 * until it changes: components memoised per element skip re-rendering on unrelated edits.
 * Listeners are notified at most once per animation frame; the doc is observed while anyone
 * listens.
 */
export class BuildingReadModel {
  readonly elements = new Map<string, Element>();
  storeys: Storey[] = [];
  meta: Meta | undefined;
  /** Bumped on every change the UI should see. */
  version = 0;
  private listeners = new Set<() => void>();
  private changeListeners = new Set<(change: ModelChange) => void>();
  private frame = 0;
  private snapshotCache: { version: number; snapshot: BuildingSnapshot } | undefined;
  private unobserve: (() => void) | undefined;

  constructor(private readonly doc: Y.Doc) {
    this.reload();
  }

  /** Re-reads everything (first load). */
  private reload() {
    this.meta = readMeta(this.doc);
    this.storeys = listStoreys(this.doc);
    this.elements.clear();
    if (this.meta) for (const element of Object.values(readBuilding(this.doc).elements)) this.elements.set(element.id, element);
  }

  private apply(events: readonly BuildingEvent[]) {
    let storeys = false;
    const hadMeta = this.meta !== undefined;
    for (const event of events) {
      if (event.type === 'meta-updated') this.meta = readMeta(this.doc);
      else if (event.type.startsWith('storey-')) storeys = true;
      else if (event.type.startsWith('element-')) {
        const element = event.type === 'element-removed' ? undefined : readElement(this.doc, event.id);
        if (element) this.elements.set(event.id, element);
        else this.elements.delete(event.id);
      }
    }
    if (!hadMeta && this.meta) {
      this.reload();
      this.emitChange({ all: true, ids: [], storeys: true });
    } else {
      if (storeys) this.storeys = listStoreys(this.doc);
      const ids: string[] = [];
      for (const event of events) if (event.type.startsWith('element-')) ids.push(event.id);
      if (ids.length > 0 || storeys) this.emitChange({ all: false, ids, storeys });
    }
    this.version++;
    this.schedule();
  }

  private schedule() {
    if (this.frame !== 0 || typeof requestAnimationFrame === 'undefined') {
      if (typeof requestAnimationFrame === 'undefined') this.emit();
      return;
    }
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.emit();
    });
  }

  private emit() {
    for (const listener of this.listeners) listener();
  }

  /**
   * Listens to which records changed, synchronously with the doc (the 3D scene rebuilds only
   * those elements). Does not keep the doc observed by itself: use with {@link subscribe}.
   */
  onChange(listener: (change: ModelChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private emitChange(change: ModelChange) {
    for (const listener of this.changeListeners) listener(change);
  }

  /** useSyncExternalStore subscribe. */
  subscribe = (listener: () => void) => {
    // Observe the doc only while someone listens (so a discarded read model leaks nothing).
    if (this.listeners.size === 0) {
      this.reload();
      this.version++;
      this.emitChange({ all: true, ids: [], storeys: true });
      this.unobserve = observeBuilding(this.doc, (events) => this.apply(events));
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  };

  /** useSyncExternalStore snapshot: the version number. */
  getVersion = () => this.version;

  /** A plain snapshot (built at most once per version); undefined before the doc has meta. */
  snapshot(): BuildingSnapshot | undefined {
    if (!this.meta) return undefined;
    if (this.snapshotCache?.version !== this.version) {
      this.snapshotCache = {
        version: this.version,
        snapshot: { meta: this.meta, storeys: Object.fromEntries(this.storeys.map((s) => [s.id, s])), elements: Object.fromEntries(this.elements), connections: {} },
      };
    }
    return this.snapshotCache.snapshot;
  }

  private stop() {
    this.unobserve?.();
    this.unobserve = undefined;
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }
}
