import { formatKey } from '@/components/editor/commands';
import type { EquipmentSystem } from '@/lib/model';
import { TOOLS, SYSTEM_CHOICES, type Tool } from './tools';

interface Props {
  tool: Tool;
  onTool: (tool: Tool) => void;
  canEdit: boolean;
  equipment: { system: EquipmentSystem; type: string };
  onEquipment: (value: { system: EquipmentSystem; type: string }) => void;
  selectionSize: number;
  onDelete: () => void;
  onRotate: () => void;
  onUndo: () => void;
  onRedo: () => void;
  canUndo: boolean;
  canRedo: boolean;
  onFit: () => void;
  /** The storey below is drawn under the plan; undefined when there is no storey below. */
  underlay?: boolean;
  onUnderlay: (on: boolean) => void;
  /** What the current tool asks the user to do (one line, cut short when narrow). */
  hint: string;
}

/**
 * The plan's tools in one row that never wraps (it scrolls sideways when the view is narrow), so
 * the canvas below never moves; editing tools only for roles that may write the model.
 */
export function PlanToolbar(props: Props) {
  const { tool, onTool, canEdit } = props;
  const button = 'shrink-0 whitespace-nowrap rounded px-2.5 py-1 text-sm disabled:cursor-not-allowed disabled:opacity-40';
  // The actions row is denser: the tools keep the room of the first row.
  const action = 'shrink-0 whitespace-nowrap rounded px-1.5 py-0.5 text-xs disabled:cursor-not-allowed disabled:opacity-40';
  return (
    <div data-testid="plan-controls" className="shrink-0 border-b border-slate-200 bg-white">
      <div className="flex h-10 flex-nowrap items-center gap-1 overflow-x-auto overflow-y-hidden px-2 [scrollbar-width:thin]" role="toolbar" aria-label="Plan tools">
        {TOOLS.filter((t) => canEdit || !t.edits).map((t) => (
          <button key={t.id} type="button" aria-pressed={tool === t.id} title={`${t.label} (${formatKey(t.keys[0]!)})`} onClick={() => onTool(t.id)} className={`${button} ${tool === t.id ? 'bg-slate-900 text-white' : 'hover:bg-slate-100'}`}>
            {t.label}
          </button>
        ))}
      </div>
      <div className="flex h-8 items-center gap-1 border-t border-slate-100 px-2" data-testid="plan-actions-row">
        <p className="min-w-0 flex-1 truncate whitespace-nowrap px-1 text-xs text-slate-500" data-testid="plan-hint" title={props.hint}>
          {props.hint}
        </p>
        <div className="flex shrink-0 flex-nowrap items-center gap-0.5" role="toolbar" aria-label="Plan actions">
          {canEdit && tool === 'equipment' && (
            <span className="flex shrink-0 items-center gap-1 text-sm">
              <label className="sr-only" htmlFor="equipment-system">
                System
              </label>
              <select id="equipment-system" value={props.equipment.system} onChange={(e) => props.onEquipment({ ...props.equipment, system: e.target.value as EquipmentSystem })} className="rounded border border-slate-300 px-1 py-0 text-xs">
                {SYSTEM_CHOICES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
              <label className="sr-only" htmlFor="equipment-type">
                Type
              </label>
              <input id="equipment-type" value={props.equipment.type} onChange={(e) => props.onEquipment({ ...props.equipment, type: e.target.value })} className="w-20 rounded border border-slate-300 px-1 py-0 text-xs" placeholder="type" />
            </span>
          )}
          <span className="mx-1 h-4 w-px shrink-0 bg-slate-200" aria-hidden="true" />
          {canEdit && (
            <>
              <button type="button" className={`${action} hover:bg-slate-100`} onClick={props.onRotate} disabled={props.selectionSize === 0} title="Rotate the selection 90° counter-clockwise ([; ] turns clockwise)">
                Rotate 90°
              </button>
              <button type="button" className={`${action} hover:bg-slate-100`} onClick={props.onDelete} disabled={props.selectionSize === 0} title="Delete the selection (Delete)">
                Delete
              </button>
              <button type="button" className={`${action} hover:bg-slate-100`} onClick={props.onUndo} disabled={!props.canUndo} title="Undo your last change (Ctrl/Cmd+Z)">
                Undo
              </button>
              <button type="button" className={`${action} hover:bg-slate-100`} onClick={props.onRedo} disabled={!props.canRedo} title="Redo (Shift+Ctrl/Cmd+Z)">
                Redo
              </button>
            </>
          )}
          <button type="button" className={`${action} hover:bg-slate-100`} onClick={props.onFit} title="Fit the plan to the view (F)">
            Fit
          </button>
          <button
            type="button"
            aria-pressed={props.underlay === true}
            disabled={props.underlay === undefined}
            className={`${action} ${props.underlay ? 'bg-slate-200' : 'hover:bg-slate-100'}`}
            onClick={() => props.onUnderlay(!props.underlay)}
            title="Show the storey below, faintly, under this one"
          >
            Storey below
          </button>
        </div>
      </div>
    </div>
  );
}
