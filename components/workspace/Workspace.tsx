'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Editor } from '@/components/editor/Editor';
import { ContextMenu } from '@/components/editor/ContextMenu';
import { editCommands } from '@/components/editor/editCommands';
import { PLAN_COMMANDS } from '@/components/plan/planCommands';
import { HiddenBanner } from './HiddenBanner';
import { ShortcutSheet } from '@/components/editor/ShortcutSheet';
import { useCommandKeys, useEditorState, useModelVersion } from '@/components/editor/useEditor';
import { KIND_LABELS } from '@/components/building/kindLabels';
import { PropertiesDock } from '@/components/plan/PropertiesDock';
import { PropertiesPanel } from '@/components/plan/PropertiesPanel';
import { AvatarStack } from '@/components/presence/AvatarStack';
import type { Presence } from '@/components/presence/usePresence';
import type { Element } from '@/lib/model';
import { ElementTree } from './ElementTree';
import { PanelDialog } from './PanelDialog';
import { StoreyPanel } from './StoreyPanel';
import { WorkspaceMenu } from './WorkspaceMenu';

/**
 * Every command of the workspace, in the order the context menu and the shortcut sheet show them:
 * the edit commands (clipboard, select all, delete, ?), then the plan's (tools, undo, rotate,
 * view). One list, so a key runs one command.
 */
export const WORKSPACE_COMMANDS = [...editCommands, ...PLAN_COMMANDS.filter((c) => c.id !== 'edit.delete')];

/** How often the avatar stack re-checks who is idle (ms). */
const IDLE_CHECK_MS = 15_000;

/** The building shown, for the top bar. */
export interface WorkspaceBuilding {
  readonly name: string;
  /** The viewer's role on it (follows the role live when the caller passes the live one). */
  readonly role: string;
  /** Signed in through a guest share link (no buildings list to go back to). */
  readonly guest: boolean;
}

interface Props {
  editor: Editor;
  presence: Presence;
  self: { name: string; color: string };
  building: WorkspaceBuilding;
  /** The connection state (ConnectionBadge). */
  connection: ReactNode;
  /** The sharing panel, for owners: the top bar's Share button opens it. */
  sharing?: ReactNode;
  /** Entries of the top bar's "⋯" menu (inventory, dev tools); a click on a button closes the menu. */
  menu?: ReactNode;
  /** Notices above the views (refused changes, invalid records). */
  banner?: ReactNode;
  /** The plan, in the centre. */
  children: ReactNode;
  /** The 3D view: shown instead of the plan or beside it (the view switch in the top bar). */
  scene?: ReactNode;
  /** The history of the one selected element, at the end of its properties (components/history). */
  elementHistory?: (element: Element) => ReactNode;
  /** Buttons of the top bar before Share (review, inbox). */
  tools?: ReactNode;
  /** A side panel right of the views (the review panel); it shows and hides itself. */
  aside?: ReactNode;
}

/** Which views the centre shows. */
export type WorkspaceViews = '2d' | '3d' | 'split';
const VIEWS_KEY = 'arxos:views';
const VIEW_LABELS: Record<WorkspaceViews, string> = { '2d': '2D', '3d': '3D', split: '2D | 3D' };
const viewListeners = new Set<() => void>();
function subscribeViews(listener: () => void): () => void {
  viewListeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    viewListeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}
function readViews(): WorkspaceViews {
  const saved = localStorage.getItem(VIEWS_KEY);
  return saved === '3d' || saved === 'split' ? saved : '2d';
}
/** The views the centre shows (this browser's choice). */
export const readWorkspaceViews = readViews;
/** Shows other views in the centre, as the top bar's view switch does (opening a review thread). */
export function setWorkspaceViews(next: WorkspaceViews): void {
  localStorage.setItem(VIEWS_KEY, next);
  for (const listener of viewListeners) listener();
}

/**
 * The full-window building workspace: a top bar (building, role, presence, connection, share,
 * menu), storeys and the element tree on the left, the views in the centre, the selection's
 * properties on the right; all reading one {@link Editor}. Below 1024 px the left panel is a
 * drawer opened from the top bar. The page itself never scrolls: each panel scrolls inside.
 */
export function Workspace({ editor, presence, self, building, connection, sharing, menu, banner, children, scene, elementHistory, tools, aside }: Props) {
  // Each person's own layout, remembered per browser (not shared: others keep theirs).
  const views = useSyncExternalStore(subscribeViews, readViews, () => '2d' as const);
  const setViews = setWorkspaceViews;
  const showPlan = !scene || views !== '3d';
  const showScene = !!scene && views !== '2d';
  useModelVersion(editor);
  const following = useEditorState(editor, (s) => s.following);
  const canEdit = useEditorState(editor, (s) => s.canEdit);
  useEditorState(editor, (s) => s.selections);
  useEditorState(editor, (s) => s.chosenStoreyId);
  useCommandKeys(editor, WORKSPACE_COMMANDS);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), IDLE_CHECK_MS);
    return () => clearInterval(t);
  }, []);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const closeDrawer = useCallback(() => setDrawerOpen(false), []);
  const [shareOpen, setShareOpen] = useState(false);
  const { peers } = presence;
  const followedPeer = following === null ? undefined : peers.find((p) => p.clientId === following);
  const selection = editor.selection;
  const selectedOne = selection.size === 1 ? editor.readModel.elements.get([...selection][0]!) : undefined;
  const dockTitle = selectedOne ? `${KIND_LABELS[selectedOne.kind][0]}${selectedOne.name ? `: ${selectedOne.name}` : ''}` : selection.size > 1 ? `${selection.size} elements selected` : 'Properties';

  return (
    <div className="flex h-full min-h-0 flex-col bg-slate-50" data-testid="workspace">
      <header className="relative z-40 flex h-12 shrink-0 flex-nowrap items-center gap-2 overflow-hidden border-b border-slate-200 bg-white px-2" data-testid="workspace-top-bar">
        <button
          type="button"
          onClick={() => setDrawerOpen((o) => !o)}
          aria-expanded={drawerOpen}
          aria-controls="workspace-left"
          aria-label="Storeys and elements"
          className="shrink-0 rounded px-2 py-1 text-lg leading-none text-slate-700 hover:bg-slate-100 lg:hidden"
        >
          ☰
        </button>
        {building.guest ? (
          <span className="shrink-0 text-sm text-slate-500">Shared with you</span>
        ) : (
          <Link href="/buildings" className="shrink-0 rounded px-1.5 py-1 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900" aria-label="Back to buildings">
            ← <span className="hidden sm:inline">Buildings</span>
          </Link>
        )}
        <h1 className="min-w-0 truncate text-base font-semibold text-slate-900" data-testid="building-name" title={building.name}>
          {building.name}
        </h1>
        <span data-testid="building-role" data-role={building.role} className="shrink-0 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700">
          {building.role}
          {building.guest ? ' · guest' : ''}
        </span>
        {scene && (
          <div role="radiogroup" aria-label="Views" className="ml-2 flex shrink-0 overflow-hidden rounded-md border border-slate-300 text-sm" data-testid="view-switch">
            {(['2d', '3d', 'split'] as const).map((v) => (
              <button
                key={v}
                type="button"
                role="radio"
                aria-checked={views === v}
                onClick={() => setViews(v)}
                className={`px-2 py-0.5 ${views === v ? 'bg-slate-800 text-white' : 'bg-white text-slate-700 hover:bg-slate-100'} ${v === 'split' ? 'max-md:hidden' : ''}`}
              >
                {VIEW_LABELS[v]}
              </button>
            ))}
          </div>
        )}
        <div className="ml-auto flex shrink-0 items-center gap-2">
          {followedPeer && (
            <span className="hidden text-sm md:inline" style={{ color: followedPeer.user.color }} data-testid="following">
              Following {followedPeer.user.name}
            </span>
          )}
          <AvatarStack self={self} peers={peers} following={following} onFollow={(id) => editor.follow(id)} now={now} />
          {/* On a phone the state's dot and word stay; "n people here" is what the avatars say. */}
          <div className="max-sm:[&_[data-testid=peer-count]]:hidden">{connection}</div>
          {tools}
          {sharing && (
            <button type="button" onClick={() => setShareOpen(true)} className="rounded-md bg-brand-600 px-3 py-1 text-sm font-medium text-white hover:bg-brand-700">
              Share
            </button>
          )}
          <WorkspaceMenu>
            <button type="button" role="menuitem" onClick={() => editor.update({ shortcutsOpen: true })} className="block w-full px-3 py-1.5 text-left text-sm hover:bg-slate-100">
              Keyboard shortcuts <kbd className="float-right font-sans text-xs text-slate-400">?</kbd>
            </button>
            {menu}
          </WorkspaceMenu>
        </div>
      </header>
      {banner}
      <HiddenBanner editor={editor} />
      <div className="relative flex min-h-0 flex-1">
        {drawerOpen && <button type="button" aria-label="Close the storeys and elements panel" onClick={() => setDrawerOpen(false)} className="absolute inset-0 z-30 bg-slate-900/20 lg:hidden" />}
        <aside
          id="workspace-left"
          aria-label="Storeys and elements"
          data-testid="workspace-left"
          data-open={drawerOpen}
          className={`${drawerOpen ? 'flex' : 'hidden'} absolute inset-y-0 left-0 z-30 w-72 max-w-[85vw] flex-col border-r border-slate-200 bg-slate-50 shadow-xl lg:static lg:z-auto lg:flex lg:w-60 lg:shadow-none`}
        >
          <div className="max-h-[40%] shrink-0 overflow-y-auto border-b border-slate-200">
            <StoreyPanel editor={editor} />
          </div>
          <ElementTree editor={editor} onReveal={closeDrawer} />
        </aside>
        <div className="relative flex min-h-0 min-w-0 flex-1 flex-col lg:flex-row">
          {/* The views: a row, so a 3D view can sit beside the plan. */}
          <div className="relative flex min-h-0 min-w-0 flex-1 flex-col md:flex-row" data-testid="workspace-views" data-views={scene ? views : '2d'}>
            {showPlan && <div className="relative flex min-h-0 min-w-0 flex-1 flex-col">{children}</div>}
            {showScene && <div className={`relative flex min-h-0 min-w-0 flex-1 flex-col ${showPlan ? 'border-t border-slate-300 md:border-l md:border-t-0' : ''}`}>{scene}</div>}
          </div>
          <PropertiesDock selectionKey={[...selection].sort().join(' ')} title={dockTitle}>
            <PropertiesPanel
              element={selectedOne}
              elements={editor.readModel.elements}
              selectionSize={selection.size}
              canEdit={canEdit}
              onUpdate={(patch) => (selectedOne ? editor.updateOne(selectedOne.id, patch) : undefined)}
              onRotateBy={(angle) => editor.rotateSelection(angle)}
              history={selectedOne && elementHistory?.(selectedOne)}
            />
          </PropertiesDock>
        </div>
        {aside}
      </div>
      {sharing && (
        <PanelDialog open={shareOpen} onClose={() => setShareOpen(false)} title="Share and people" testId="share-dialog">
          {sharing}
        </PanelDialog>
      )}
      <ContextMenu editor={editor} commands={WORKSPACE_COMMANDS} />
      <ShortcutSheet editor={editor} commands={WORKSPACE_COMMANDS} />
    </div>
  );
}
