'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { addStorey, createUndoManager, transact, updateElementJoined, updateStorey, type LocalOrigin } from '@/lib/doc';
import { createElement, createStorey, errorInWords, metres, radians, rotateElementPatch, type Element, type ElementPatch, type ModelIssue, type Storey } from '@/lib/model';
import { selectionCentre } from './rotation';

type Outcome = { ok: true } | { ok: false; error: { message: string; issues?: readonly ModelIssue[] } };

interface Options {
  doc: Y.Doc;
  origin: LocalOrigin;
  canEdit: boolean;
  elements: ReadonlyMap<string, Element>;
  storeys: readonly Storey[];
  selection: ReadonlySet<string>;
  setSelection: (ids: ReadonlySet<string>) => void;
  /** Shows an error in words (or clears it with null). */
  setError: (message: string | null) => void;
  /** Called with a storey just added, to show it. */
  onStoreyAdded: (id: string) => void;
}

/**
 * The plan editor's writes, every one through lib/doc's validated writers in one transaction
 * tagged with the local origin (so undo takes back exactly one user action), and the local
 * user's undo manager. Failures become an error in words; the doc is then unchanged.
 */
export function usePlanWrites({ doc, origin, canEdit, elements, storeys, selection, setSelection, setError, onStoreyAdded }: Options) {
  const report = useCallback(
    (result: Outcome) => {
      setError(result.ok ? null : errorInWords(result.error));
      return result.ok;
    },
    [setError],
  );

  const create = useCallback(
    (result: ReturnType<typeof createElement>): Element | undefined => {
      if (!result.ok) return void report(result);
      const written = transact(doc, origin, (tx) => tx.addElement(result.value));
      return report(written) ? result.value : undefined;
    },
    [doc, origin, report],
  );

  const deleteSelection = useCallback(() => {
    if (!canEdit || selection.size === 0) return;
    const ids = [...selection];
    const result = transact(doc, origin, (tx) => {
      for (const id of ids) if (tx.getElement(id)) tx.deleteElement(id);
    });
    if (report(result)) setSelection(new Set());
  }, [canEdit, selection, doc, origin, report, setSelection]);

  /**
   * Turns the selection by `angle` radians (counter-clockwise) about its centre, in one
   * transaction; returns an error in words, or undefined.
   */
  const rotateSelection = useCallback(
    (angle = Math.PI / 2): string | undefined => {
      if (!canEdit || selection.size === 0 || angle === 0) return undefined;
      const chosen = [...selection].map((id) => elements.get(id)).filter((e): e is Element => !!e);
      const centre = selectionCentre(chosen, elements);
      if (!centre) return undefined;
      const result = transact(doc, origin, (tx) => {
        for (const e of chosen) {
          const patch = rotateElementPatch(e, centre, radians(angle));
          if (patch) tx.updateElement(e.id, patch);
        }
      });
      report(result);
      return result.ok ? undefined : errorInWords(result.error);
    },
    [canEdit, selection, elements, doc, origin, report],
  );

  /**
   * Patches one element from the properties panel (a wall's moved ends take the walls joined
   * there and the rooms cornered there along); returns why it was refused in words, or undefined.
   */
  const updateOne = useCallback(
    (id: string, patch: ElementPatch): string | undefined => {
      const result = updateElementJoined(doc, id, patch, origin);
      return result.ok ? undefined : errorInWords(result.error);
    },
    [doc, origin],
  );

  // --- storeys ---
  const addNewStorey = () => {
    const top = storeys.at(-1);
    const storey = createStorey({
      name: `Level ${storeys.length}`,
      elevation: metres(top ? top.elevation + top.height : 0),
      height: metres(3),
      order: (top?.order ?? -1) + 1,
    });
    if (!storey.ok) return report(storey);
    if (report(addStorey(doc, storey.value, origin))) onStoreyAdded(storey.value.id);
  };
  const renameStorey = (id: string, name: string) => report(updateStorey(doc, id, { name }, origin));
  const moveStorey = (id: string, direction: -1 | 1) => {
    const i = storeys.findIndex((s) => s.id === id);
    const other = storeys[i + direction];
    const me = storeys[i];
    if (!other || !me) return;
    // Orders may repeat; rewrite them all as 0..n-1 in the new order in one transaction.
    const reordered = [...storeys];
    reordered[i] = other;
    reordered[i + direction] = me;
    report(
      transact(doc, origin, (tx) => {
        reordered.forEach((s, order) => s.order !== order && tx.updateStorey(s.id, { order }));
      }),
    );
  };

  // --- undo (local user only) ---
  const undoManager = useMemo(() => createUndoManager(doc, { captureTimeout: 0 }), [doc]);
  const [undoState, setUndoState] = useState({ undo: false, redo: false });
  useEffect(() => {
    const update = () => setUndoState({ undo: undoManager.undoStack.length > 0, redo: undoManager.redoStack.length > 0 });
    undoManager.on('stack-item-added', update);
    undoManager.on('stack-item-popped', update);
    undoManager.on('stack-cleared', update);
    return () => undoManager.destroy();
  }, [undoManager]);

  return { report, create, deleteSelection, rotateSelection, updateOne, addNewStorey, renameStorey, moveStorey, undoManager, undoState };
}
