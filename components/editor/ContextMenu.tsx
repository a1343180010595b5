'use client';

import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { formatKey, isAvailable, type Command } from './commands';
import type { Editor } from './Editor';
import { useEditorState, useModelVersion } from './useEditor';

interface Props {
  editor: Editor;
  /** All commands; those marked `inContextMenu` are shown. */
  commands: readonly Command[];
}

/** Why a command cannot run now, in words. */
function reasonOf(command: Command, editor: Editor): string | undefined {
  if (command.edits && !editor.canEdit) return 'Your role cannot edit the model.';
  const why = (command as Command & { whyDisabled?(editor: Editor): string | undefined }).whyDisabled;
  return why?.(editor) ?? (isAvailable(command, editor) ? undefined : 'Not available here.');
}

/**
 * The plan's context menu, at the place `editor.getState().contextMenu` names (the plan sets it on
 * a right-click): the commands marked for it, disabled ones greyed with the reason. Arrow keys
 * move, Enter runs, Esc or a click outside closes (WAI-ARIA menu pattern).
 */
export function ContextMenu({ editor, commands }: Props) {
  const at = useEditorState(editor, (s) => s.contextMenu);
  useModelVersion(editor);
  useEditorState(editor, (s) => s.selections);
  const menuRef = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null);
  const items = commands.filter((c) => c.inContextMenu);

  // Keep the menu inside the window, and focus its first enabled item.
  useLayoutEffect(() => {
    const menu = menuRef.current;
    if (!at || !menu) return setPosition(null);
    const { width, height } = menu.getBoundingClientRect();
    setPosition({ left: Math.max(4, Math.min(at.x, window.innerWidth - width - 4)), top: Math.max(4, Math.min(at.y, window.innerHeight - height - 4)) });
    menu.querySelector<HTMLButtonElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
  }, [at]);

  useEffect(() => {
    if (!at) return;
    const close = () => editor.update({ contextMenu: null });
    const onPointerDown = (e: PointerEvent) => {
      if (!menuRef.current?.contains(e.target as Node)) close();
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopImmediatePropagation();
        close();
      }
    };
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('blur', close);
    return () => {
      window.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('blur', close);
    };
  }, [at, editor]);

  if (!at) return null;

  const onMenuKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const move = (step: number) => {
      e.preventDefault();
      e.stopPropagation();
      buttons[(i + step + buttons.length) % buttons.length]?.focus();
    };
    if (e.key === 'ArrowDown') move(1);
    else if (e.key === 'ArrowUp') move(-1);
    else if (e.key === 'Home') move(-i);
    else if (e.key === 'End') move(buttons.length - 1 - i);
    else e.stopPropagation(); // Enter/Space activate the focused item; other keys are not shortcuts here.
  };

  return (
    <div
      ref={menuRef}
      role="menu"
      aria-label="Plan actions"
      data-testid="context-menu"
      onKeyDown={onMenuKeyDown}
      onContextMenu={(e) => e.preventDefault()}
      style={{ left: position?.left ?? at.x, top: position?.top ?? at.y, visibility: position ? 'visible' : 'hidden' }}
      className="fixed z-50 min-w-52 rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg"
    >
      {items.map((command) => {
        const reason = reasonOf(command, editor);
        return (
          <button
            key={command.id}
            type="button"
            role="menuitem"
            aria-disabled={reason !== undefined}
            title={reason}
            onClick={() => {
              if (reason !== undefined) return;
              command.run(editor);
              editor.update({ contextMenu: null });
            }}
            className={`flex w-full items-center justify-between gap-6 px-3 py-1.5 text-left outline-none focus:bg-slate-100 ${reason ? 'cursor-not-allowed text-slate-400' : 'text-slate-800 hover:bg-slate-100'}`}
          >
            <span>
              {command.label}
              {reason && <span className="sr-only"> ({reason})</span>}
            </span>
            {command.keys[0] && <kbd className="font-sans text-xs text-slate-400">{formatKey(command.keys[0])}</kbd>}
          </button>
        );
      })}
    </div>
  );
}
