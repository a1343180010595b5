'use client';

import { useState, type FormEvent } from 'react';
import { KIND_LABELS } from '@/components/building/kindLabels';
import { useEditorState, useModelVersion } from '@/components/editor/useEditor';
import { elementAnchor, pointAnchor } from './anchors';
import { captureViewpoint, uploadSnapshot } from './captureViewpoint';
import { MentionInput } from './MentionInput';
import type { PickedPoint } from './ReviewUi';
import { newThread, startThread } from './reviewWrites';
import type { ReviewSession } from './useReview';

interface Props {
  review: ReviewSession;
  /** Waiting for a click on the plan. */
  picking: boolean;
  picked: PickedPoint | null;
}

/**
 * A new thread: pinned to the selected element or to a point clicked on the plan, with a title
 * and a first comment; it keeps the viewpoint of what the user sees when they start it (the 3D
 * view's camera and a snapshot when it is shown, else the plan's view), section, storeys and
 * selection.
 */
export function NewThreadForm({ review, picking, picked }: Props) {
  const { editor, ui } = review;
  useModelVersion(editor);
  useEditorState(editor, (s) => s.selections);
  useEditorState(editor, (s) => s.chosenStoreyId);
  const selected = editor.selected;
  const [mode, setMode] = useState<'selection' | 'point'>(() => (editor.selection.size > 0 ? 'selection' : 'point'));
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const element = selected[0];
  const storey = picked ? editor.storeys.find((s) => s.id === picked.storeyId) : undefined;
  const ready = title.trim() !== '' && (mode === 'selection' ? element !== undefined : storey !== undefined) && !saving;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    const anchor = mode === 'selection' ? elementAnchor(element!, editor.readModel.elements, editor.storeys) : pointAnchor(storey!, picked!.x, picked!.y);
    setSaving(true);
    setError(null);
    const viewpoint = await captureViewpoint(editor, (image) => (review.member ? uploadSnapshot(review.buildingId, image) : Promise.resolve(undefined)));
    const thread = newThread({ title, text, anchor, viewpoint }, review.me, review.people);
    const written = startThread(review.doc, thread, review.origin);
    setSaving(false);
    if (written.ok) ui.showThread(thread.id);
    else setError(written.message);
  };

  return (
    <form aria-label="New thread" onSubmit={(e) => void submit(e)} className="space-y-3 p-3 text-sm">
      <fieldset>
        <legend className="text-xs font-medium uppercase tracking-wide text-slate-500">Pin to</legend>
        <label className="mt-1 flex items-center gap-2">
          <input type="radio" name="pin" checked={mode === 'selection'} disabled={!element} onChange={() => setMode('selection')} />
          <span className={element ? '' : 'text-slate-400'}>
            {element ? `${KIND_LABELS[element.kind][0]}${element.name ? ` “${element.name}”` : ''}${selected.length > 1 ? ` (+${selected.length - 1} selected)` : ''}` : 'The selection (select an element first)'}
          </span>
        </label>
        <label className="mt-1 flex items-center gap-2">
          <input
            type="radio"
            name="pin"
            checked={mode === 'point'}
            onChange={() => {
              setMode('point');
              if (!picked) ui.startPicking();
            }}
          />
          A point on the plan
        </label>
        {mode === 'point' && (
          <p className="ml-6 mt-1 text-xs text-slate-600" data-testid="review-picked">
            {picking ? 'Click on the plan where the thread belongs (Esc: cancel).' : storey ? `At ${picked!.x.toFixed(2)}, ${picked!.y.toFixed(2)} m on ${storey.name}. ` : 'No point yet. '}
            {!picking && (
              <button type="button" onClick={() => ui.startPicking()} className="text-brand-700 hover:underline">
                {storey ? 'Pick again' : 'Pick a point'}
              </button>
            )}
          </p>
        )}
      </fieldset>
      <label className="block">
        <span className="text-xs font-medium text-slate-600">Title</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required className="mt-0.5 w-full rounded border border-slate-300 px-2 py-1" />
      </label>
      <MentionInput label="Comment" value={text} onChange={setText} people={review.people} />
      <p className="text-xs text-slate-500">The thread keeps what you see now: the camera, section, storeys and selection{editor.sceneView ? ', with a picture of the 3D view' : ''}.</p>
      {error && (
        <p role="alert" className="text-rose-700">
          {error}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <button type="button" onClick={() => ui.showList()} className="rounded px-2 py-1 text-slate-700 hover:bg-slate-100">
          Cancel
        </button>
        <button type="submit" disabled={!ready} className="rounded bg-brand-600 px-3 py-1 font-medium text-white hover:bg-brand-700 disabled:opacity-40">
          {saving ? 'Starting…' : 'Start thread'}
        </button>
      </div>
    </form>
  );
}
