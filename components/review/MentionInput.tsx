'use client';

import { useId, useRef, useState } from 'react';
import type { People } from './reviewWrites';

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  people: People;
  /** Ctrl/Cmd+Enter. */
  onSubmit?: () => void;
  placeholder?: string;
}

/** Most suggestions shown at once. */
const MAX_SUGGESTIONS = 5;

/** The `@word` being typed just before the caret, if any: where it starts and what it says so far. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | undefined {
  const before = text.slice(0, caret);
  const match = /(^|[^\p{L}\p{N}_.])@([\p{L}\p{N}_. -]{0,40})$/u.exec(before);
  if (!match) return undefined;
  return { start: caret - match[2]!.length - 1, query: match[2]!.toLowerCase() };
}

/**
 * A comment box where `@Name` mentions a member: while an `@` word is typed, the members whose
 * names start with it are offered; picking one writes their full name.
 */
export function MentionInput({ label, value, onChange, people, onSubmit, placeholder }: Props) {
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const at = mentionAt(value, caret);
  const suggestions = at ? people.filter((p) => p.name.toLowerCase().startsWith(at.query.trimStart()) && p.name.toLowerCase() !== at.query).slice(0, MAX_SUGGESTIONS) : [];
  const choose = (name: string) => {
    if (!at) return;
    const next = `${value.slice(0, at.start)}@${name} ${value.slice(caret)}`;
    onChange(next);
    const end = at.start + name.length + 2;
    setCaret(end);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(end, end);
    });
  };
  return (
    <div className="relative">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      <textarea
        id={id}
        ref={ref}
        value={value}
        rows={3}
        placeholder={placeholder ?? 'Write @ and a name to mention someone'}
        maxLength={10_000}
        onChange={(e) => {
          onChange(e.target.value);
          setCaret(e.target.selectionStart);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && onSubmit) {
            e.preventDefault();
            onSubmit();
          }
        }}
        className="mt-0.5 block w-full resize-y rounded border border-slate-300 px-2 py-1 text-sm"
      />
      {suggestions.length > 0 && (
        <ul aria-label="People to mention" className="absolute inset-x-0 top-full z-10 mt-0.5 rounded border border-slate-200 bg-white py-0.5 text-sm shadow">
          {suggestions.map((p) => (
            <li key={p.id}>
              <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => choose(p.name)} className="block w-full px-2 py-0.5 text-left hover:bg-brand-50">
                @{p.name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
