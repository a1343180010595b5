'use client';

import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { commandForKey, isTyping, keyOf, type Command } from './commands';
import { Editor, type EditorState } from './Editor';

/** A slice of the editor state; re-renders when the selected value changes (compare with `Object.is`). */
export function useEditorState<T>(editor: Editor, select: (state: EditorState) => T): T {
  return useSyncExternalStore(
    editor.subscribe,
    () => select(editor.getState()),
    () => select(editor.getState()),
  );
}

/** Re-renders on every change of the building's read model; returns its version. */
export function useModelVersion(editor: Editor): number {
  const { readModel } = editor;
  return useSyncExternalStore(readModel.subscribe, readModel.getVersion, readModel.getVersion);
}

/**
 * Runs commands from the keyboard: one window listener, installed once, that reads the latest
 * command list from a ref. Keys typed into text fields are left alone.
 */
export function useCommandKeys(editor: Editor, commands: readonly Command[]): void {
  const latest = useRef(commands);
  useEffect(() => {
    latest.current = commands;
  });
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.defaultPrevented) return;
      const key = keyOf(e);
      if (!key) return;
      const command = commandForKey(latest.current, key, editor);
      if (!command) return;
      e.preventDefault();
      command.run(editor);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [editor]);
}

/**
 * The building's editor for this doc, made once per doc (a new doc after "discard local changes"
 * gets a new editor); `canEdit` follows the live role.
 */
export function useBuildingEditor(doc: Editor['doc'], readModel: Editor['readModel'], origin: Editor['origin'], canEdit: boolean): Editor {
  const [editor, setEditor] = useState(() => new Editor(doc, readModel, origin, canEdit));
  if (editor.doc !== doc || editor.readModel !== readModel || editor.origin !== origin) {
    const next = new Editor(doc, readModel, origin, canEdit);
    setEditor(next);
    return next;
  }
  return editor;
}

/** Keeps the editor's `canEdit` in step with the role. */
export function useCanEdit(editor: Editor, canEdit: boolean): void {
  useEffect(() => editor.setCanEdit(canEdit), [editor, canEdit]);
}
