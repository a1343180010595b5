'use client';

import { useState } from 'react';
import { THREAD_PRIORITIES, type Thread } from '@/lib/model';
import { setFields, type ThreadFields, type WriteOutcome } from './reviewWrites';
import type { ReviewSession } from './useReview';

/** Topic types offered (BCF's usual ones); a thread's own type is kept when it is another. */
const TYPES = ['Issue', 'Request', 'Comment', 'Clash', 'Remark'] as const;

interface Props {
  review: ReviewSession;
  thread: Thread;
  onOutcome: (outcome: WriteOutcome) => void;
}

/** A thread's issue fields as BCF has them: type, assignee (a member), priority, due date and labels; read-only for viewers. */
export function ThreadFieldsForm({ review, thread, onOutcome }: Props) {
  const { canWrite, people, me } = review;
  const [label, setLabel] = useState('');
  const save = (fields: ThreadFields) => onOutcome(setFields(review.doc, thread.id, fields, review.origin));
  const nameOf = (id: string) => (id === me.id ? `${me.name} (me)` : (people.find((p) => p.id === id)?.name ?? id.replace(/^bcf:/, '')));
  const assignees = [...people.filter((p) => p.id !== me.id), ...(canWrite ? [me] : [])];
  const addLabel = () => {
    const next = label.trim();
    if (next === '' || thread.labels.includes(next)) return setLabel('');
    save({ labels: [...thread.labels, next] });
    setLabel('');
  };
  const field = 'w-full rounded border border-slate-300 px-1 py-0.5 text-sm disabled:border-transparent disabled:bg-transparent disabled:text-slate-800 disabled:appearance-none';
  return (
    <div className="mt-3 grid grid-cols-[5.5rem_1fr] items-center gap-x-2 gap-y-1.5 text-sm" data-testid="thread-fields">
      <label htmlFor="thread-type" className="text-xs text-slate-500">Type</label>
      <select id="thread-type" value={thread.type} disabled={!canWrite} onChange={(e) => save({ type: e.target.value })} className={field}>
        {[...new Set([...TYPES, thread.type])].map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
      <label htmlFor="thread-assignee" className="text-xs text-slate-500">Assignee</label>
      <select id="thread-assignee" value={thread.assignee ?? ''} disabled={!canWrite} onChange={(e) => save({ assignee: e.target.value || undefined })} className={field}>
        <option value="">Nobody</option>
        {thread.assignee && !assignees.some((p) => p.id === thread.assignee) && <option value={thread.assignee}>{nameOf(thread.assignee)}</option>}
        {assignees.map((p) => (
          <option key={p.id} value={p.id}>
            {nameOf(p.id)}
          </option>
        ))}
      </select>
      <label htmlFor="thread-priority" className="text-xs text-slate-500">Priority</label>
      <select id="thread-priority" value={thread.priority ?? ''} disabled={!canWrite} onChange={(e) => save({ priority: e.target.value || undefined })} className={field}>
        <option value="">None</option>
        {[...new Set([...THREAD_PRIORITIES, ...(thread.priority ? [thread.priority] : [])])].map((p) => (
          <option key={p} value={p}>
            {p[0]!.toUpperCase() + p.slice(1)}
          </option>
        ))}
      </select>
      <label htmlFor="thread-due" className="text-xs text-slate-500">Due</label>
      {canWrite ? (
        <input id="thread-due" type="date" value={thread.dueDate ?? ''} onChange={(e) => save({ dueDate: e.target.value || undefined })} className={field} />
      ) : (
        <span id="thread-due" className={`px-1 ${thread.dueDate ? 'text-slate-800' : 'text-xs text-slate-400'}`}>
          {thread.dueDate ?? 'none'}
        </span>
      )}
      <span className="self-start pt-0.5 text-xs text-slate-500">Labels</span>
      <div className="flex flex-wrap items-center gap-1" data-testid="thread-labels">
        {thread.labels.map((l) => (
          <span key={l} data-testid="thread-label" className="flex items-center gap-0.5 rounded-full bg-slate-100 px-1.5 text-xs text-slate-700">
            {l}
            {canWrite && (
              <button type="button" aria-label={`Remove the label ${l}`} onClick={() => save({ labels: thread.labels.filter((x) => x !== l) })} className="text-slate-400 hover:text-rose-700">
                ×
              </button>
            )}
          </span>
        ))}
        {thread.labels.length === 0 && !canWrite && <span className="text-xs text-slate-400">none</span>}
        {canWrite && thread.labels.length < 20 && (
          <input
            aria-label="Add a label"
            placeholder="Add a label"
            value={label}
            maxLength={100}
            onChange={(e) => setLabel(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              addLabel();
            }}
            onBlur={addLabel}
            className="min-w-0 flex-1 rounded border border-slate-300 px-1 py-0.5 text-xs"
          />
        )}
      </div>
    </div>
  );
}
