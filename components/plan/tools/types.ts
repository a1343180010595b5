/**
 * The plan's tools as small state objects (tldraw's StateNode, REVIEW change 7): each tool is a
 * module with its id, label, shortcut, hint and pointer/key handlers over one {@link ToolContext}
 * (the shared {@link Editor} plus the plan view), and keeps its own state (the chain being drawn,
 * the drag in progress) that the overlay draws. Tools import no React, so they are unit tested
 * against a real Y.Doc, Editor and read model.
 */
import type { Element, PlanPoint, PlanVector, Wall } from '@/lib/model';
import type { Editor } from '@/components/editor/Editor';
import type { Camera, ViewSize } from '../camera';
import type { DrawSnap } from '../snapping';
import type { TypedEntry } from './typedEntry';

/** The plan editor's tools. */
export type Tool = 'select' | 'rotate' | 'wall' | 'room' | 'room-detect' | 'door' | 'window' | 'equipment' | 'measure';

/** What the plan view gives a tool: where it looks and what the current storey holds. */
export interface PlanViewInfo {
  readonly camera: Camera;
  readonly size: ViewSize;
  /** The storey shown ('' when the building has none). */
  readonly storeyId: string;
  /** The current storey's elements. */
  readonly onStorey: readonly Element[];
  /** The current storey's walls. */
  readonly storeyWalls: readonly Wall[];
  /** Every wall of the building by id (openings are placed on their host). */
  readonly walls: ReadonlyMap<string, Element>;
  /** Pointer tolerance in metres (a few screen pixels at the current zoom). */
  readonly tolerance: number;
}

/** What a tool's handlers work with: the editor, the view, and the tool's own state. */
export interface ToolContext<S> {
  readonly editor: Editor;
  readonly view: PlanViewInfo;
  /** The tool's state now (reads the latest after {@link setState}). */
  readonly state: S;
  setState(next: S): void;
}

/** About the pointer event beyond its plan point. */
export interface ToolPointer {
  readonly shiftKey: boolean;
  /** The element under the pointer (its `data-id`), if any. */
  readonly elementId: string | null;
  /** A handle under the pointer (`rotate`), if any. */
  readonly handle: string | null;
}

/** What a tool asks the plan to draw over the elements. */
export interface ToolOverlay {
  /** A chain being drawn (walls, room corners), the pointer's snapped point last. */
  readonly chain?: readonly PlanPoint[];
  /** The snap at the pointer, with its marker, label and guides. */
  readonly snap?: DrawSnap;
  /** The length readout of the line being drawn, at its end. */
  readonly length?: { readonly at: PlanPoint; readonly metres: number };
  /** The typed length/angle field, at the pointer. */
  readonly typed?: { readonly at: PlanPoint; readonly entry: TypedEntry };
  /** The selection rectangle. */
  readonly brush?: { readonly a: PlanPoint; readonly b: PlanPoint };
  /** The selection being dragged, drawn moved by this much. */
  readonly translate?: PlanVector;
  /** The selection being turned about `centre` by `angle` radians. */
  readonly rotate?: { readonly centre: PlanPoint; readonly angle: number };
  /** A measured distance. */
  readonly measure?: { readonly a: PlanPoint; readonly b: PlanPoint };
}

/** A plan tool; `S` is its own state. */
export interface PlanTool<S = unknown> {
  readonly id: Tool;
  readonly label: string;
  /** Shortcuts in the commands' notation (`w`, `shift+r`); the first is shown. */
  readonly keys: readonly string[];
  /** Whether the tool writes the model (hidden for roles that cannot edit). */
  readonly edits: boolean;
  /** What the tool asks the user to do, shown under the toolbar. */
  readonly hint: string;
  /** The state the tool starts in (and returns to when chosen again). */
  readonly initial: S;
  onPointerDown(ctx: ToolContext<S>, p: PlanPoint, e: ToolPointer): void;
  /** Every pointer move over the plan, pressed or not. */
  onPointerMove?(ctx: ToolContext<S>, p: PlanPoint, e: ToolPointer): void;
  onPointerUp?(ctx: ToolContext<S>, p: PlanPoint, e: ToolPointer): void;
  /** A key (commands' notation); true when the tool used it (no command then runs). */
  onKey?(ctx: ToolContext<S>, key: string): boolean;
  /** What to draw for this state. */
  overlay?(state: S, view: PlanViewInfo): ToolOverlay;
}

/** Grid spacing of the snapping grid, metres. */
export const SNAP_GRID = 0.1;
/** Pointer tolerance in screen pixels (converted to metres by zoom). */
export const HIT_TOLERANCE_PX = 10;

/** Declares a tool with its state type inferred from `initial`. */
export function defineTool<S>(tool: PlanTool<S>): PlanTool<S> {
  return tool;
}
