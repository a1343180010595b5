'use client';

import { memo, useMemo, useState } from 'react';
import { ELEMENT_KINDS, polygonArea, wallLength, type Element, type ElementKind } from '@/lib/model';
import type { Editor } from '@/components/editor/Editor';
import { useEditorState, useModelVersion } from '@/components/editor/useEditor';
import { useThrottled } from '@/components/building/useThrottled';
import { formatArea, formatMetres, KIND_BADGE, KIND_LABELS } from '@/components/building/kindLabels';

/** Natural order of labels (`Wall 2` before `Wall 10`), with the engine's collator: the tree re-sorts thousands of rows. */
const COLLATOR = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
function sortByLabel(elements: Element[]): Element[] {
  return elements
    .map((element) => ({ element, label: labelOf(element) }))
    .sort((a, b) => COLLATOR.compare(a.label, b.label))
    .map((x) => x.element);
}

/** Rows shown per kind group before "n more" (a search narrows the list). */
const ROWS_PER_GROUP = 200;
/** The tree follows the model at most this often (ms): others' edits must not cost the plan frames. */
const TREE_THROTTLE_MS = 300;

/** What a row is called: its name, else its room number or path, else "Unnamed wall". */
function labelOf(e: Element): string {
  if (e.name) return e.name;
  if (e.kind === 'space' && e.number) return `Room ${e.number}`;
  if (e.kind === 'equipment' && e.path) return e.path;
  return `Unnamed ${KIND_LABELS[e.kind][0].toLowerCase()}`;
}

/** A short detail that tells rows of one name apart: a wall's length, a room's area, equipment's type. */
function detailOf(e: Element): string {
  if (e.kind === 'wall') return formatMetres(wallLength(e));
  if (e.kind === 'space') return formatArea(polygonArea(e.polygon));
  if (e.kind === 'equipment') return e.type;
  if (e.kind === 'door' || e.kind === 'window') return formatMetres(e.width);
  return '';
}

/** The words a search matches: label, kind, room number and usage, equipment path and type. */
function searchTextOf(e: Element): string {
  const parts = [labelOf(e), KIND_LABELS[e.kind][0], KIND_LABELS[e.kind][1]];
  if (e.kind === 'space') parts.push(e.number, e.usage);
  if (e.kind === 'equipment') parts.push(e.path, e.type, e.system);
  return parts.join(' ').toLowerCase();
}

interface Group {
  readonly storeyId: string;
  readonly storeyName: string;
  readonly kinds: readonly { readonly kind: ElementKind; readonly elements: readonly Element[] }[];
  readonly count: number;
}

/**
 * The element tree: storey > kind > elements, searchable. Clicking a row selects the element on
 * the plan (showing its storey); the plan's selection and hover show on the rows, and hovering a
 * row highlights the element on the plan (all through the one {@link Editor}).
 */
export function ElementTree({ editor, onReveal }: { editor: Editor; onReveal?: () => void }) {
  const version = useThrottled(useModelVersion(editor), TREE_THROTTLE_MS);
  useEditorState(editor, (s) => s.selections);
  useEditorState(editor, (s) => s.chosenStoreyId);
  const hover = useEditorState(editor, (s) => s.hover);
  const hidden = useEditorState(editor, (s) => s.hidden);
  const [query, setQuery] = useState('');
  const { readModel } = editor;
  const needle = query.trim().toLowerCase();

  const groups: Group[] = useMemo(() => {
    void version;
    const byStorey = new Map<string, Element[]>();
    for (const e of readModel.elements.values()) {
      if (needle && !searchTextOf(e).includes(needle)) continue;
      const list = byStorey.get(e.storeyId);
      if (list) list.push(e);
      else byStorey.set(e.storeyId, [e]);
    }
    return readModel.storeys.map((s) => {
      const onStorey = byStorey.get(s.id) ?? [];
      const kinds = ELEMENT_KINDS.map((kind) => ({ kind, elements: sortByLabel(onStorey.filter((e) => e.kind === kind)) })).filter((k) => k.elements.length > 0);
      return { storeyId: s.id, storeyName: s.name, kinds, count: onStorey.length };
    });
  }, [readModel, version, needle]);

  return (
    <section aria-labelledby="tree-heading" className="flex min-h-0 flex-1 flex-col" data-testid="element-tree">
      <div className="px-3 pb-1 pt-2">
        <h2 id="tree-heading" className="text-xs font-medium uppercase tracking-wide text-slate-500">
          Elements
        </h2>
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Search elements"
          aria-label="Search elements"
          className="mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm"
        />
      </div>
      <TreeRows editor={editor} groups={groups} searching={needle !== ''} current={editor.storeyId} selection={editor.selection} hover={hover} hidden={hidden} onReveal={onReveal} />
    </section>
  );
}

interface RowsProps {
  editor: Editor;
  groups: readonly Group[];
  searching: boolean;
  current: string;
  selection: ReadonlySet<string>;
  /** Elements hidden in this session (drawn faintly here; clicking one shows it again). */
  hidden: ReadonlySet<string>;
  hover: string | null;
  onReveal?: () => void;
}

/** The rows; re-rendered only when the (throttled) groups, the selection, the hover or the storey change. */
const TreeRows = memo(function TreeRows({ editor, groups, searching, current, selection, hover, hidden, onReveal }: RowsProps) {
  // Explicit open/closed choices per group key (`storeyId` or `storeyId/kind`); otherwise the
  // shown storey is open and the others closed.
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
  const isOpen = (key: string, byDefault: boolean) => (searching ? true : (toggled.get(key) ?? byDefault));
  const toggle = (key: string, open: boolean) => setToggled((m) => new Map(m).set(key, !open));

  return (
    <div role="tree" aria-label="Elements by storey and kind" className="min-h-0 flex-1 overflow-y-auto px-1 pb-3 text-sm" onMouseLeave={() => editor.setHover(null)}>
      {groups.every((g) => g.count === 0) && <p className="px-2 py-1 text-slate-500">{searching ? 'Nothing matches.' : 'Nothing drawn yet.'}</p>}
      {groups.map((g) => {
        if (searching && g.count === 0) return null;
        const storeyOpen = isOpen(g.storeyId, g.storeyId === current);
        return (
          <div key={g.storeyId} role="treeitem" aria-expanded={storeyOpen} aria-selected={false} data-testid="tree-storey">
            <button type="button" onClick={() => toggle(g.storeyId, storeyOpen)} className={`flex w-full items-center gap-1 rounded px-1 py-0.5 text-left ${g.storeyId === current ? 'font-medium text-slate-900' : 'text-slate-600'} hover:bg-white`}>
              <span aria-hidden="true" className="w-3 text-xs text-slate-400">
                {storeyOpen ? '▾' : '▸'}
              </span>
              <span className="min-w-0 flex-1 truncate">{g.storeyName}</span>
              <span className="text-xs text-slate-400">{g.count}</span>
            </button>
            {storeyOpen && (
              <div role="group">
                {g.kinds.map(({ kind, elements }) => {
                  const key = `${g.storeyId}/${kind}`;
                  const kindOpen = isOpen(key, true);
                  return (
                    <div key={kind} role="treeitem" aria-expanded={kindOpen} aria-selected={false}>
                      <button type="button" onClick={() => toggle(key, kindOpen)} className="flex w-full items-center gap-1 rounded py-0.5 pl-4 pr-1 text-left text-slate-700 hover:bg-white">
                        <span aria-hidden="true" className="w-3 text-xs text-slate-400">
                          {kindOpen ? '▾' : '▸'}
                        </span>
                        <span className={`rounded px-1.5 text-xs font-medium ${KIND_BADGE[kind]}`}>{KIND_LABELS[kind][1]}</span>
                        <span className="ml-auto text-xs text-slate-400">{elements.length}</span>
                      </button>
                      {kindOpen && (
                        <ul role="group">
                          {elements.slice(0, ROWS_PER_GROUP).map((e) => (
                            <TreeRow key={e.id} editor={editor} element={e} selected={e.storeyId === current && selection.has(e.id)} hovered={hover === e.id} isHidden={hidden.has(e.id)} onCurrentStorey={e.storeyId === current} onReveal={onReveal} />
                          ))}
                          {elements.length > ROWS_PER_GROUP && (
                            <li className="py-0.5 pl-12 pr-2 text-xs text-slate-500">
                              {elements.length - ROWS_PER_GROUP} more: search to narrow the list
                            </li>
                          )}
                        </ul>
                      )}
                    </div>
                  );
                })}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
});

interface RowProps {
  editor: Editor;
  element: Element;
  selected: boolean;
  hovered: boolean;
  isHidden: boolean;
  /** The element is on the storey shown (Ctrl/Shift-click adds it to the selection there). */
  onCurrentStorey: boolean;
  onReveal?: () => void;
}

/**
 * One element's row. Memoised: while others edit, the tree follows the model (throttled) and
 * only the rows whose element, selection or hover changed render again.
 */
const TreeRow = memo(function TreeRow({ editor, element: e, selected, hovered, isHidden, onCurrentStorey, onReveal }: RowProps) {
  return (
    <li role="treeitem" aria-selected={selected}>
      <button
        type="button"
        data-testid="tree-row"
        data-id={e.id}
        data-selected={selected || undefined}
        data-hover={hovered || undefined}
        data-hidden={isHidden || undefined}
        title={isHidden ? 'Hidden in this view: click to show and select it' : undefined}
        onClick={(ev) => {
          if ((ev.ctrlKey || ev.metaKey || ev.shiftKey) && onCurrentStorey) {
            const next = new Set(editor.selection);
            if (next.has(e.id)) next.delete(e.id);
            else next.add(e.id);
            editor.select(next);
          } else {
            editor.reveal(e.id);
            onReveal?.();
          }
        }}
        onMouseEnter={() => editor.setHover(e.id)}
        className={`flex w-full items-baseline gap-2 rounded py-0.5 pl-12 pr-2 text-left ${selected ? 'bg-brand-100 text-brand-700' : hovered ? 'bg-white text-slate-900' : 'text-slate-700 hover:bg-white'}`}
      >
        <span className={`min-w-0 flex-1 truncate ${isHidden ? 'text-slate-400 line-through decoration-slate-300' : ''}`}>{labelOf(e)}</span>
        <span className="shrink-0 text-xs text-slate-400">{isHidden ? 'hidden' : detailOf(e)}</span>
      </button>
    </li>
  );
});
