'use client';

import { useEffect, useState, type ReactNode } from 'react';
import type { Editor } from '@/components/editor/Editor';
import { useEditorState, useModelVersion } from '@/components/editor/useEditor';
import { KIND_LABELS } from '@/components/building/kindLabels';
import { PropertiesDock } from '@/components/plan/PropertiesDock';
import { PropertiesPanel } from '@/components/plan/PropertiesPanel';
import { StoreyBar } from '@/components/plan/StoreyBar';
import { AvatarStack } from '@/components/presence/AvatarStack';
import type { Presence } from '@/components/presence/usePresence';

/** How often the avatar stack re-checks who is idle (ms). */
const IDLE_CHECK_MS = 15_000;

interface Props {
  editor: Editor;
  presence: Presence;
  self: { name: string; color: string };
  /** The view in the centre (the plan; the 3D view joins it later). */
  children: ReactNode;
}

/**
 * The building workspace around the views: presence, storeys, the view, and the properties of
 * the selection, all reading one {@link Editor}.
 */
export function Workspace({ editor, presence, self, children }: Props) {
  useModelVersion(editor);
  const following = useEditorState(editor, (s) => s.following);
  const canEdit = useEditorState(editor, (s) => s.canEdit);
  useEditorState(editor, (s) => s.selections);
  useEditorState(editor, (s) => s.chosenStoreyId);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), IDLE_CHECK_MS);
    return () => clearInterval(t);
  }, []);
  const { peers } = presence;
  const followedPeer = following === null ? undefined : peers.find((p) => p.clientId === following);
  const selection = editor.selection;
  const selectedOne = selection.size === 1 ? editor.readModel.elements.get([...selection][0]!) : undefined;
  const dockTitle = selectedOne ? `${KIND_LABELS[selectedOne.kind][0]}${selectedOne.name ? `: ${selectedOne.name}` : ''}` : selection.size > 1 ? `${selection.size} elements selected` : 'Properties';

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="workspace">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-white px-2 py-1">
        <AvatarStack self={self} peers={peers} following={following} onFollow={(id) => editor.follow(id)} now={now} />
        {followedPeer && (
          <span className="text-sm" style={{ color: followedPeer.user.color }} data-testid="following">
            Following {followedPeer.user.name}
          </span>
        )}
      </div>
      <StoreyBar
        storeys={editor.storeys}
        current={editor.storeyId}
        onSelect={(id) => editor.setStorey(id)}
        canEdit={canEdit}
        onAdd={() => void editor.addNewStorey()}
        onRename={(id, name) => void editor.renameStorey(id, name)}
        onMove={(id, direction) => editor.moveStorey(id, direction)}
      />
      <div className="relative flex min-h-0 flex-1 flex-col md:flex-row">
        <div className="relative flex min-h-0 min-w-0 flex-1 flex-col">{children}</div>
        <PropertiesDock selectionKey={[...selection].sort().join(' ')} title={dockTitle}>
          <PropertiesPanel
            element={selectedOne}
            elements={editor.readModel.elements}
            selectionSize={selection.size}
            canEdit={canEdit}
            onUpdate={(patch) => (selectedOne ? editor.updateOne(selectedOne.id, patch) : undefined)}
            onRotateBy={(angle) => editor.rotateSelection(angle)}
          />
        </PropertiesDock>
      </div>
    </div>
  );
}
