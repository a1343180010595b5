/**
 * Editor commands: one list gives the keyboard shortcuts, the context menu and the shortcut sheet
 * ("?"), so a shortcut is written in one place (tldraw's actions + kbd). Keys are written as
 * `mod+shift+z`, `delete`, `?`, `w`: `mod` is Ctrl (Cmd on a Mac), modifiers in the order
 * mod, alt, shift, then the key (lower case, `space` for the space bar).
 */
import type { Editor } from './Editor';

export type CommandGroup = 'Tools' | 'Edit' | 'Selection' | 'View' | 'Help';

export interface Command {
  readonly id: string;
  readonly label: string;
  readonly group: CommandGroup;
  /** Shortcuts; the first is the one shown. */
  readonly keys: readonly string[];
  /** Edits the model (hidden or disabled for roles that cannot edit). */
  readonly edits?: boolean;
  /** Shown in the context menu. */
  readonly inContextMenu?: boolean;
  enabled?(editor: Editor): boolean;
  run(editor: Editor): void;
}

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The normalised key of a keyboard event, e.g. `mod+shift+z`; undefined for bare modifiers. */
export function keyOf(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): string | undefined {
  if (['Control', 'Meta', 'Alt', 'Shift'].includes(e.key)) return undefined;
  let key = e.key === ' ' ? 'space' : e.key.toLowerCase();
  // Shifted symbols ("?", "+", "}") are their own keys: Shift is part of them.
  const symbol = key.length === 1 && !/[a-z0-9]/.test(key);
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push('mod');
  if (e.altKey) parts.push('alt');
  if (e.shiftKey && !symbol) parts.push('shift');
  if (key === 'esc') key = 'escape';
  parts.push(key);
  return parts.join('+');
}

/** The command a key runs: the first whose keys include it and that is enabled. */
export function commandForKey(commands: readonly Command[], key: string, editor: Editor): Command | undefined {
  return commands.find((c) => c.keys.includes(key) && isAvailable(c, editor));
}

/** Whether a command can run now: allowed by the role and enabled. */
export function isAvailable(command: Command, editor: Editor): boolean {
  if (command.edits && !editor.canEdit) return false;
  return command.enabled ? command.enabled(editor) : true;
}

const ARROWS: Record<string, string> = { arrowleft: '←', arrowright: '→', arrowup: '↑', arrowdown: '↓' };

/** The parts of a key: `mod+shift+z` → mod, shift, z; the `+` key itself stays one part (`mod++`). */
export function splitKey(key: string): string[] {
  if (key.endsWith('+')) return [...key.slice(0, -1).split('+').filter((p) => p !== ''), '+'];
  return key.split('+');
}

/** A key for people: `mod+shift+z` → `Ctrl+Shift+Z` (`⌘⇧Z` on a Mac). */
export function formatKey(key: string, mac = isMac()): string {
  const names: Record<string, string> = mac
    ? { mod: '⌘', alt: '⌥', shift: '⇧', delete: 'Delete', backspace: '⌫', escape: 'Esc', enter: 'Return', space: 'Space', ...ARROWS }
    : { mod: 'Ctrl', alt: 'Alt', shift: 'Shift', delete: 'Delete', backspace: 'Backspace', escape: 'Esc', enter: 'Enter', space: 'Space', ...ARROWS };
  const parts = splitKey(key).map((p) => names[p] ?? (p.length <= 1 ? p.toUpperCase() : p[0]!.toUpperCase() + p.slice(1)));
  return parts.join(mac ? '' : '+');
}

/** Whether a keyboard event's target is a text field (shortcuts then do not apply). */
export function isTyping(target: EventTarget | null): boolean {
  return typeof HTMLElement !== 'undefined' && target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}
