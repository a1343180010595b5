import type * as Y from 'yjs';
import { addStorey, createUndoManager, transact, updateElementJoined, updateStorey, type BuildingTx, type LocalOrigin } from '@/lib/doc';
import { createElement, createStorey, errorInWords, isOpening, metres, radians, rotateElementPatch, type Element, type ElementPatch, type EquipmentSystem, type ModelIssue, type Storey } from '@/lib/model';
import type { BuildingReadModel } from '@/components/building/BuildingReadModel';
import type { PresenceView3d } from '@/lib/doc';
import type { Camera, ViewSize } from '@/components/plan/camera';
import { selectionCentre } from '@/components/plan/rotation';
import type { Tool } from '@/components/plan/tools';

type Outcome = { ok: true } | { ok: false; error: { message: string; issues?: readonly ModelIssue[] } };

/** A message the editor shows the user (an error in words, or a note). */
export interface EditorMessage {
  readonly text: string;
  readonly tone: 'error' | 'info';
}

/** Where a context menu was opened: screen position (CSS px, viewport) and the element under it. */
export interface ContextMenuAt {
  readonly x: number;
  readonly y: number;
  readonly elementId: string | null;
}

/**
 * The editor state one building's views share: the plan (and later the 3D view), the element tree
 * and the properties read and change it here, never in their own copies (SPEC: one editor state).
 */
export interface EditorState {
  readonly tool: Tool;
  /** The storey the user chose; `null` (or one that no longer exists) means the first storey. */
  readonly chosenStoreyId: string | null;
  /** Selection per storey: only the current storey's is active, so nothing off-screen is touched. */
  readonly selections: ReadonlyMap<string, ReadonlySet<string>>;
  /** The element under the pointer in any view. */
  readonly hover: string | null;
  /**
   * The plan camera. `null` until the plan is first shown, when it is fitted to the content once;
   * after that it moves only when the user moves it (or asks: Fit). Edits never move it.
   */
  readonly camera: Camera | null;
  /** The awareness client id being followed, if any. */
  readonly following: number | null;
  /** What the equipment tool places. */
  readonly equipment: { readonly system: EquipmentSystem; readonly type: string };
  readonly message: EditorMessage | null;
  readonly contextMenu: ContextMenuAt | null;
  /** The shortcut sheet ("?") is open. */
  readonly shortcutsOpen: boolean;
  /** Whether the user's role may write the model; follows the role live. */
  readonly canEdit: boolean;
  /** The storey below is drawn faintly under the plan. */
  readonly underlay: boolean;
  /** A view the plan is asked to show once it is ready (opening a review thread); the plan clears it when shown. */
  readonly planRequest: PlanViewRequest | null;
  /** A view the 3D view is asked to show once it is ready (opening a review thread); the 3D view clears it when shown. */
  readonly sceneRequest: SceneViewRequest | null;
  /**
   * Elements hidden from both views in this session (Hide, Isolate, or a review viewpoint's hidden
   * elements). A view setting of one user: never in the model, never shared.
   */
  readonly hidden: ReadonlySet<string>;
}

/** A plan view to show: the plan point at the middle and how many metres the view is high (the zoom kept when absent). */
export interface PlanViewRequest {
  readonly x: number;
  readonly y: number;
  readonly height?: number;
}

/** A point or vector in the 3D view's frame (three's: y up; plan x is x, plan y is -z), metres. */
export type SceneVector = readonly [number, number, number];

/** What the 3D view shows: its camera, section and storey filter, in the 3D view's frame. */
export interface SceneViewState {
  readonly position: SceneVector;
  /** The point the camera orbits about (on its line of sight). */
  readonly target: SceneVector;
  /** The camera's up vector (unit, perpendicular to the line of sight). */
  readonly up: SceneVector;
  /** Vertical field of view, degrees. */
  readonly fov: number;
  /** Width / height of the canvas. */
  readonly aspect: number;
  /** The section plane (a point on it, the normal towards what is kept), or undefined when off. */
  readonly section: PresenceView3d['section'];
  readonly storeys: PresenceView3d['storeys'];
}

/** A view the 3D view is asked to show: camera, and optionally section and storey filter (`null` section: off). */
export interface SceneViewRequest {
  readonly position: SceneVector;
  readonly target: SceneVector;
  readonly fov?: number;
  readonly section?: PresenceView3d['section'] | null;
  readonly storeys?: PresenceView3d['storeys'];
}

/** What the 3D view offers while it is shown (capturing a review thread's viewpoint). */
export interface SceneViewActions {
  /** The view as shown now. */
  view(): SceneViewState;
  /** The canvas as an image (JPEG), or null when it cannot be read. */
  snapshot(): Promise<Blob | null>;
}

/** What the plan view does for commands that move its camera (set while the plan is shown). */
export interface PlanViewActions {
  /** Fits the current storey into the view. */
  fit(): void;
  /** Zooms about the view's middle. */
  zoomBy(factor: number): void;
  /** Pans by a screen-pixel delta. */
  panBy(dx: number, dy: number): void;
  /** The camera shown (a followed peer's while following). */
  camera(): Camera;
  /** The view's size in CSS pixels. */
  size(): ViewSize;
}

const EMPTY: ReadonlySet<string> = new Set();

export function initialEditorState(canEdit: boolean): EditorState {
  return {
    tool: 'select',
    chosenStoreyId: null,
    selections: new Map(),
    hover: null,
    camera: null,
    following: null,
    equipment: { system: 'electrical', type: 'outlet' },
    message: null,
    contextMenu: null,
    shortcutsOpen: false,
    canEdit,
    underlay: true,
    planRequest: null,
    sceneRequest: null,
    hidden: EMPTY,
  };
}

/**
 * One building's editor: the shared {@link EditorState} (a small external store for
 * `useSyncExternalStore`), the local user's undo manager, and the writes every view uses. Every
 * write goes through lib/doc's validated writers in one transaction tagged with the local origin
 * (one user action = one undo step); a refused write becomes a message in words and leaves the doc
 * unchanged. Modelled on tldraw's `Editor` (one object the tools and UI talk to).
 */
export class Editor {
  readonly undoManager: Y.UndoManager;
  #planView: PlanViewActions | null = null;
  #sceneView: SceneViewActions | null = null;
  #state: EditorState;
  readonly #listeners = new Set<() => void>();

  constructor(
    readonly doc: Y.Doc,
    readonly readModel: BuildingReadModel,
    readonly origin: LocalOrigin,
    canEdit: boolean,
  ) {
    this.#state = initialEditorState(canEdit);
    this.undoManager = createUndoManager(doc, { captureTimeout: 0 });
  }

  // --- store ---
  getState = (): EditorState => this.#state;
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
  update(patch: Partial<EditorState> | ((state: EditorState) => Partial<EditorState>)): void {
    const next = typeof patch === 'function' ? patch(this.#state) : patch;
    if (Object.entries(next).every(([key, value]) => this.#state[key as keyof EditorState] === value)) return;
    this.#state = { ...this.#state, ...next };
    for (const listener of this.#listeners) listener();
  }
  destroy(): void {
    this.undoManager.destroy();
    this.#listeners.clear();
  }

  /** The plan view's camera actions while a plan is shown (the view commands call them). */
  get planView(): PlanViewActions | null {
    return this.#planView;
  }
  /** Registers the shown plan's camera actions; returns the function that removes them. */
  attachPlanView(actions: PlanViewActions): () => void {
    this.#planView = actions;
    return () => {
      if (this.#planView === actions) this.#planView = null;
    };
  }

  /** The 3D view's actions while a 3D view is shown. */
  get sceneView(): SceneViewActions | null {
    return this.#sceneView;
  }
  /** Registers the shown 3D view's actions; returns the function that removes them. */
  attachSceneView(actions: SceneViewActions): () => void {
    this.#sceneView = actions;
    return () => {
      if (this.#sceneView === actions) this.#sceneView = null;
    };
  }

  // --- derived reads ---
  get storeys(): readonly Storey[] {
    return this.readModel.storeys;
  }
  /** The storey shown: the chosen one while it exists, else the first. */
  get storeyId(): string {
    const { chosenStoreyId } = this.#state;
    const storeys = this.readModel.storeys;
    return storeys.some((s) => s.id === chosenStoreyId) ? chosenStoreyId! : (storeys[0]?.id ?? '');
  }
  /** The current storey's selection, limited to elements that exist on it. */
  get selection(): ReadonlySet<string> {
    return this.selectionOn(this.storeyId);
  }
  selectionOn(storeyId: string): ReadonlySet<string> {
    const chosen = this.#state.selections.get(storeyId);
    if (!chosen || chosen.size === 0) return EMPTY;
    // Cached per (chosen set, model version) so React sees the same set until either changes.
    const cached = this.#liveSelection;
    if (cached && cached.chosen === chosen && cached.version === this.readModel.version) return cached.live;
    const ids = [...chosen].filter((id) => this.readModel.elements.get(id)?.storeyId === storeyId);
    const live = ids.length === chosen.size ? chosen : new Set(ids);
    this.#liveSelection = { chosen, version: this.readModel.version, live };
    return live;
  }
  #liveSelection: { chosen: ReadonlySet<string>; version: number; live: ReadonlySet<string> } | undefined;
  /** The selected elements of the current storey. */
  get selected(): Element[] {
    return [...this.selection].map((id) => this.readModel.elements.get(id)!).filter(Boolean);
  }
  get canEdit(): boolean {
    return this.#state.canEdit;
  }
  /** Whether element `id` is drawn (not hidden in this session). */
  isShown(id: string): boolean {
    return !this.#state.hidden.has(id);
  }
  /** How many of the model's elements are hidden now. */
  get hiddenCount(): number {
    let n = 0;
    for (const id of this.#state.hidden) if (this.readModel.elements.has(id)) n++;
    return n;
  }

  // --- state changes ---
  setTool(tool: Tool): void {
    this.update({ tool, contextMenu: null });
  }
  /** Shows a storey; each storey keeps its own selection. Stops following. */
  setStorey(storeyId: string): void {
    this.update({ chosenStoreyId: storeyId, following: null, hover: null, contextMenu: null });
  }
  /** Selects on the current storey (ids elsewhere are ignored). */
  select(ids: Iterable<string>): void {
    const storeyId = this.storeyId;
    const { hidden } = this.#state;
    const onStorey = new Set([...ids].filter((id) => this.readModel.elements.get(id)?.storeyId === storeyId && !hidden.has(id)));
    const selections = new Map(this.#state.selections);
    selections.set(storeyId, onStorey);
    this.update({ selections });
  }
  /** Selects an element wherever it is: shows its storey first, and the element when hidden (the element tree does this). */
  reveal(id: string): void {
    const element = this.readModel.elements.get(id);
    if (!element) return;
    if (this.#state.hidden.has(id)) this.setHidden([...this.#state.hidden].filter((h) => h !== id));
    if (element.storeyId !== this.storeyId) this.setStorey(element.storeyId);
    this.select([id]);
  }
  /** Hides elements from both views (and from the selection). */
  hide(ids: Iterable<string>): void {
    const hidden = new Set(this.#state.hidden);
    for (const id of ids) hidden.add(id);
    this.setHidden(hidden);
  }
  /** Shows only `ids`: every other element is hidden (elements made later are shown). */
  isolate(ids: Iterable<string>): void {
    const keep = new Set(ids);
    this.setHidden([...this.readModel.elements.keys()].filter((id) => !keep.has(id)));
  }
  /** Shows every element again. */
  showAll(): void {
    this.setHidden([]);
  }
  /** Hides exactly `ids` (a review viewpoint's); hidden elements leave the selection. */
  setHidden(ids: Iterable<string>): void {
    const hidden = new Set(ids);
    const same = hidden.size === this.#state.hidden.size && [...hidden].every((id) => this.#state.hidden.has(id));
    if (same) return;
    const selections = new Map<string, ReadonlySet<string>>();
    for (const [storeyId, chosen] of this.#state.selections) selections.set(storeyId, [...chosen].some((id) => hidden.has(id)) ? new Set([...chosen].filter((id) => !hidden.has(id))) : chosen);
    this.update({ hidden: hidden.size === 0 ? EMPTY : hidden, selections, hover: this.#state.hover && hidden.has(this.#state.hover) ? null : this.#state.hover });
  }
  setCamera(camera: Camera): void {
    // Moving one's own view stops following.
    this.update((s) => (s.following === null ? { camera } : { camera, following: null, chosenStoreyId: this.storeyId }));
  }
  /**
   * Asks the views to show a view when they are (or next become) ready: the plan its part, the 3D
   * view its part; each clears its request once shown. Stops following.
   */
  requestView(request: { plan?: PlanViewRequest | null; scene?: SceneViewRequest | null }): void {
    this.update({ following: null, ...(request.plan !== undefined ? { planRequest: request.plan } : {}), ...(request.scene !== undefined ? { sceneRequest: request.scene } : {}) });
  }
  follow(clientId: number | null): void {
    this.update({ following: clientId });
  }
  setHover(id: string | null): void {
    this.update({ hover: id });
  }
  setCanEdit(canEdit: boolean): void {
    this.update((s) => ({ canEdit, tool: canEdit ? s.tool : 'select' }));
  }
  showError(text: string | null): void {
    this.update({ message: text === null ? null : { text, tone: 'error' } });
  }
  showInfo(text: string): void {
    this.update({ message: { text, tone: 'info' } });
  }

  // --- writes ---
  /** Shows a failed result's message (or clears the message); true when it succeeded. */
  report = (result: Outcome): boolean => {
    this.showError(result.ok ? null : errorInWords(result.error));
    return result.ok;
  };
  /** Runs edits in one local transaction (one undo step); false (with a message) when refused. */
  edit(fn: (tx: BuildingTx) => void): boolean {
    if (!this.canEdit) return false;
    return this.report(transact(this.doc, this.origin, fn));
  }
  /** Adds a created element; returns it, or undefined with a message. */
  create(result: ReturnType<typeof createElement>): Element | undefined {
    if (!result.ok) return void this.report(result);
    const element = result.value;
    return this.edit((tx) => void tx.addElement(element)) ? element : undefined;
  }
  /** Deletes the current storey's selection (never elements on other storeys). */
  deleteSelection(): void {
    const ids = [...this.selection];
    if (ids.length === 0) return;
    if (this.edit((tx) => ids.forEach((id) => tx.getElement(id) && tx.deleteElement(id)))) this.select([]);
  }
  /** Turns the selection by `angle` radians (counter-clockwise) about its centre; an error in words, or undefined. */
  rotateSelection(angle = Math.PI / 2): string | undefined {
    const chosen = this.selected;
    if (!this.canEdit || chosen.length === 0 || angle === 0) return undefined;
    const centre = selectionCentre(chosen, this.readModel.elements);
    if (!centre) return undefined;
    // A roof window turns with the slab it is in.
    const ids = new Set(chosen.map((e) => e.id));
    const hosted = [...this.readModel.elements.values()].filter((e) => isOpening(e) && e.position !== undefined && !ids.has(e.id) && this.readModel.elements.get(e.hostId)?.kind === 'slab' && ids.has(e.hostId));
    const result = transact(this.doc, this.origin, (tx) => {
      for (const e of [...chosen, ...hosted]) {
        const patch = rotateElementPatch(e, centre, radians(angle));
        if (patch) tx.updateElement(e.id, patch);
      }
    });
    this.report(result);
    return result.ok ? undefined : errorInWords(result.error);
  }
  /**
   * Patches one element (properties panel; a wall's moved ends take the walls joined there and
   * the rooms cornered there along); why it was refused in words, or undefined.
   */
  updateOne(id: string, patch: ElementPatch): string | undefined {
    if (!this.canEdit) return 'Your role cannot edit the model.';
    const result = updateElementJoined(this.doc, id, patch, this.origin);
    return result.ok ? undefined : errorInWords(result.error);
  }
  addNewStorey(): string | undefined {
    const storeys = this.storeys;
    const top = storeys.at(-1);
    const storey = createStorey({ name: `Level ${storeys.length}`, elevation: metres(top ? top.elevation + top.height : 0), height: metres(3), order: (top?.order ?? -1) + 1 });
    if (!storey.ok) return void this.report(storey);
    if (!this.canEdit || !this.report(addStorey(this.doc, storey.value, this.origin))) return undefined;
    this.setStorey(storey.value.id);
    return storey.value.id;
  }
  renameStorey(id: string, name: string): boolean {
    return this.canEdit && this.report(updateStorey(this.doc, id, { name }, this.origin));
  }
  moveStorey(id: string, direction: -1 | 1): void {
    const storeys = this.storeys;
    const i = storeys.findIndex((s) => s.id === id);
    const other = storeys[i + direction];
    const me = storeys[i];
    if (!other || !me) return;
    // Orders may repeat; rewrite them all as 0..n-1 in the new order in one transaction.
    const reordered = [...storeys];
    reordered[i] = other;
    reordered[i + direction] = me;
    this.edit((tx) => reordered.forEach((s, order) => s.order !== order && tx.updateStorey(s.id, { order })));
  }
  /** How many elements a storey holds (what deleting it takes along). */
  countOnStorey(storeyId: string): number {
    let n = 0;
    for (const e of this.readModel.elements.values()) if (e.storeyId === storeyId) n++;
    return n;
  }
  /**
   * Deletes a storey with everything on it, in one undo step. When it was the one shown, the
   * storey next to it is shown (below it, else above).
   */
  deleteStorey(id: string): boolean {
    const storeys = this.storeys;
    const i = storeys.findIndex((s) => s.id === id);
    if (i < 0) return false;
    const wasShown = this.storeyId === id;
    if (!this.edit((tx) => void tx.deleteStorey(id, { cascade: true }))) return false;
    const neighbour = storeys[i - 1] ?? storeys[i + 1];
    if (wasShown && neighbour) this.setStorey(neighbour.id);
    return true;
  }
}
