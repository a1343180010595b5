'use client';

import { useEffect, useState } from 'react';
import type { Editor } from '@/components/editor/Editor';

/** Whether the local user's undo manager can undo / redo now. */
export function useUndoState(editor: Editor): { undo: boolean; redo: boolean } {
  const { undoManager } = editor;
  const [state, setState] = useState({ undo: undoManager.undoStack.length > 0, redo: undoManager.redoStack.length > 0 });
  useEffect(() => {
    const update = () => setState({ undo: undoManager.undoStack.length > 0, redo: undoManager.redoStack.length > 0 });
    undoManager.on('stack-item-added', update);
    undoManager.on('stack-item-popped', update);
    undoManager.on('stack-cleared', update);
    update();
    return () => {
      undoManager.off('stack-item-added', update);
      undoManager.off('stack-item-popped', update);
      undoManager.off('stack-cleared', update);
    };
  }, [undoManager]);
  return state;
}
