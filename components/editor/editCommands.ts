/**
 * The edit commands people expect of an editor: copy, cut, paste, duplicate, select all, delete,
 * and "?" for the shortcut sheet. Each works on the current storey only (SPEC: nothing off-screen
 * is touched); the writes go through the {@link Editor} (one undo step each).
 */
import { boundingBox, isOpening, planPoint, planVector, type Element, type PlanPoint, type PlanVector, type Slab, type Wall } from '@/lib/model';
import { screenToPlan, type Camera } from '@/components/plan/camera';
import { buildPaste, parsePayload, readClipboard, serialiseSelection, writeClipboard, type ClipboardPayload } from './clipboard';
import type { Command } from './commands';
import type { Editor } from './Editor';

/** A command that can say why it is disabled (the context menu shows it). */
export interface EditCommand extends Command {
  whyDisabled?(editor: Editor): string | undefined;
}

/** How far each paste of the same copy onto the same storey moves from the previous one (m). */
export const PASTE_STEP = 1;

/** Per editor: the last pasted payload text, on which storey, how many times (for the offset). */
const pasteCounts = new WeakMap<Editor, { text: string; storeyId: string; count: number }>();

const NOTHING_SELECTED = 'Select something on the plan first.';
const READ_ONLY = 'Your role cannot edit the model.';

/** The payload of the current storey's selection (with the doors and windows of selected walls). */
export function copyPayload(editor: Editor): ClipboardPayload | undefined {
  const selected = editor.selected;
  return selected.length === 0 ? undefined : serialiseSelection(selected, editor.readModel.elements);
}

/** Copies the selection to the clipboard; false when nothing is selected. */
export async function copySelection(editor: Editor): Promise<boolean> {
  const payload = copyPayload(editor);
  if (!payload) return false;
  pasteCounts.delete(editor);
  await writeClipboard(payload);
  return true;
}

/** Copies, then deletes the selection (one undo step for the delete). */
export async function cutSelection(editor: Editor): Promise<void> {
  const payload = copyPayload(editor);
  if (!payload || !editor.canEdit) return;
  // The first paste of a cut puts the elements back where they were.
  pasteCounts.set(editor, { text: JSON.stringify(payload.elements.map((e) => e.id)), storeyId: editor.storeyId, count: -1 });
  // Delete first, synchronously, so a second key press cannot cut the same elements again.
  editor.deleteSelection();
  await writeClipboard(payload);
}

function centreOf(elements: readonly Element[], centres: ClipboardPayload['openingCentres']): PlanPoint | undefined {
  const points: PlanPoint[] = [];
  for (const e of elements) {
    if (e.kind === 'wall') points.push(e.a, e.b);
    else if (e.kind === 'space' || e.kind === 'slab') points.push(...e.polygon);
    else if (e.kind === 'equipment' || e.kind === 'object') points.push(planPoint(e.position[0], e.position[1]));
    else if (isOpening(e) && centres[e.id]) points.push(planPoint(...centres[e.id]!));
  }
  const box = boundingBox(points);
  return box && planPoint((box.min[0] + box.max[0]) / 2, (box.min[1] + box.max[1]) / 2);
}

/**
 * Pastes a payload onto the current storey and selects what was pasted. Placed with its centre
 * at `at` when given (paste from the context menu, at the pointer); otherwise in place the first
 * time on another storey, and one {@link PASTE_STEP} further right and down for each paste of the
 * same copy on the same storey. Returns the new ids, or undefined (with a message) when refused.
 */
export function pastePayload(editor: Editor, payload: ClipboardPayload, at?: PlanPoint): string[] | undefined {
  if (!editor.canEdit) return void editor.showError(READ_ONLY);
  const storeyId = editor.storeyId;
  if (!storeyId) return void editor.showError('Add a storey before pasting.');
  const text = JSON.stringify(payload.elements.map((e) => e.id));
  const previous = pasteCounts.get(editor);
  const sameStorey = payload.elements.some((e) => e.storeyId === storeyId);
  const count = previous && previous.text === text && previous.storeyId === storeyId ? previous.count + 1 : sameStorey ? 1 : 0;
  let offset: PlanVector = planVector(PASTE_STEP * count, PASTE_STEP * count);
  const centre = at && centreOf(payload.elements, payload.openingCentres);
  if (at && centre) offset = planVector(at[0] - centre[0], at[1] - centre[1]);
  const onStorey = [...editor.readModel.elements.values()].filter((e) => e.storeyId === storeyId);
  const walls = onStorey.filter((e): e is Wall => e.kind === 'wall');
  const slabs = onStorey.filter((e): e is Slab => e.kind === 'slab');
  const plan = buildPaste(payload, { storeyId, offset, walls, slabs });
  if (!plan.ok) return void editor.showError(plan.error.message);
  const { elements, skipped } = plan.value;
  const note = skipped > 0 ? `${skipped} door${skipped === 1 ? '' : 's'} or window${skipped === 1 ? '' : 's'} copied without ${skipped === 1 ? 'its' : 'their'} wall (or slab) had none under ${skipped === 1 ? 'it' : 'them'} here and ${skipped === 1 ? 'was' : 'were'} not pasted.` : undefined;
  if (elements.length === 0) return void editor.showError(note ?? 'Nothing to paste.');
  if (!editor.edit((tx) => elements.forEach((e) => tx.addElement(e)))) return undefined;
  if (!at) pasteCounts.set(editor, { text, storeyId, count });
  if (note) editor.showInfo(note);
  const ids = elements.map((e) => e.id);
  editor.select(ids);
  return ids;
}

/** Reads the clipboard and pastes it (see {@link pastePayload}); refuses foreign text with a message. */
export async function pasteFromClipboard(editor: Editor, at?: PlanPoint): Promise<string[] | undefined> {
  if (!editor.canEdit) return void editor.showError(READ_ONLY);
  const text = await readClipboard();
  if (text === undefined) return void editor.showError('Nothing has been copied yet.');
  const payload = parsePayload(text);
  if (!payload.ok) return void editor.showError(payload.error.message);
  return pastePayload(editor, payload.value, at);
}

/** Duplicates the selection one step beside it (the clipboard is left alone). */
export function duplicateSelection(editor: Editor): string[] | undefined {
  const payload = copyPayload(editor);
  if (!payload) return undefined;
  return pastePayload(editor, payload);
}

/** Selects every element of the current storey. */
export function selectAll(editor: Editor): void {
  const storeyId = editor.storeyId;
  editor.select([...editor.readModel.elements.values()].filter((e) => e.storeyId === storeyId).map((e) => e.id));
}

/** The plan point under a screen position, when the plan is on screen (paste at the pointer). */
function planPointAt(editor: Editor, x: number, y: number): PlanPoint | undefined {
  const camera: Camera | null = editor.getState().camera;
  if (typeof document === 'undefined' || !camera) return undefined;
  const svg = document.querySelector('[data-testid="plan"]');
  if (!svg) return undefined;
  const rect = svg.getBoundingClientRect();
  if (x < rect.left || x > rect.right || y < rect.top || y > rect.bottom) return undefined;
  return screenToPlan(camera, { width: rect.width, height: rect.height }, x - rect.left, y - rect.top);
}

const hasSelection = (editor: Editor) => editor.selection.size > 0;
const whySelect = (editor: Editor) => (hasSelection(editor) ? undefined : NOTHING_SELECTED);
const whyEdit = (editor: Editor) => (editor.canEdit ? whySelect(editor) : READ_ONLY);
const logFailure = (what: string) => (error: unknown) => console.error(`${what} failed`, error);

/** The edit commands, in the order the context menu and the shortcut sheet show them. */
export const editCommands: readonly EditCommand[] = [
  {
    id: 'copy',
    label: 'Copy',
    group: 'Edit',
    keys: ['mod+c'],
    inContextMenu: true,
    enabled: hasSelection,
    whyDisabled: whySelect,
    run: (editor) => void copySelection(editor).catch(logFailure('copy')),
  },
  {
    id: 'cut',
    label: 'Cut',
    group: 'Edit',
    keys: ['mod+x'],
    edits: true,
    inContextMenu: true,
    enabled: hasSelection,
    whyDisabled: whyEdit,
    run: (editor) => void cutSelection(editor).catch(logFailure('cut')),
  },
  {
    id: 'paste',
    label: 'Paste',
    group: 'Edit',
    keys: ['mod+v'],
    edits: true,
    inContextMenu: true,
    whyDisabled: (editor) => (editor.canEdit ? undefined : READ_ONLY),
    run: (editor) => {
      // From the context menu: paste where it was opened.
      const menu = editor.getState().contextMenu;
      const at = menu ? planPointAt(editor, menu.x, menu.y) : undefined;
      void pasteFromClipboard(editor, at).catch(logFailure('paste'));
    },
  },
  {
    id: 'duplicate',
    label: 'Duplicate',
    group: 'Edit',
    keys: ['mod+d'],
    edits: true,
    inContextMenu: true,
    enabled: hasSelection,
    whyDisabled: whyEdit,
    run: (editor) => void duplicateSelection(editor),
  },
  {
    id: 'delete',
    label: 'Delete',
    group: 'Edit',
    keys: ['delete', 'backspace'],
    edits: true,
    inContextMenu: true,
    enabled: hasSelection,
    whyDisabled: whyEdit,
    run: (editor) => editor.deleteSelection(),
  },
  {
    id: 'select-all',
    label: 'Select all on this storey',
    group: 'Selection',
    keys: ['mod+a'],
    inContextMenu: true,
    enabled: (editor) => [...editor.readModel.elements.values()].some((e) => e.storeyId === editor.storeyId),
    whyDisabled: (editor) => ([...editor.readModel.elements.values()].some((e) => e.storeyId === editor.storeyId) ? undefined : 'This storey is empty.'),
    run: selectAll,
  },
  {
    id: 'shortcuts',
    label: 'Keyboard shortcuts',
    group: 'Help',
    keys: ['?'],
    run: (editor) => editor.update({ shortcutsOpen: true, contextMenu: null }),
  },
];
