'use client';

import type { Editor } from '@/components/editor/Editor';
import { useEditorState, useModelVersion } from '@/components/editor/useEditor';

/**
 * Says when elements are hidden in this session (Hide, Isolate, or a review viewpoint that hides
 * some) and offers Show all: nothing stays hidden without the user knowing.
 */
export function HiddenBanner({ editor }: { editor: Editor }) {
  useEditorState(editor, (s) => s.hidden);
  useModelVersion(editor);
  const count = editor.hiddenCount;
  if (count === 0) return null;
  return (
    <div role="status" aria-label="Hidden elements" data-testid="hidden-banner" data-count={count} className="flex shrink-0 items-center gap-3 border-b border-slate-200 bg-slate-100 px-3 py-1.5 text-sm text-slate-800">
      <span>
        {count === 1 ? '1 element is' : `${count} elements are`} hidden in this view <span className="text-slate-500">(only for you)</span>
      </span>
      <button type="button" onClick={() => editor.showAll()} className="ml-auto rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-50">
        Show all
      </button>
    </div>
  );
}
