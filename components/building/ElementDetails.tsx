import { isPlacedOpening, polygonArea, roomAreas, wallLength, type Element, type Wall } from '@/lib/model';
import { formatArea, formatMetres, formatSquareMetres } from './kindLabels';

/** One line of the facts that matter for an element, by kind; a room's areas need the walls of its storey. */
export function ElementDetails({ element, walls = [] }: { element: Element; walls?: readonly Wall[] }) {
  switch (element.kind) {
    case 'wall':
      return <>{formatMetres(wallLength(element))} long · {formatMetres(element.thickness)} thick · {formatMetres(element.height)} high</>;
    case 'space':
      return <>{element.number ? `No. ${element.number} · ` : ''}{roomAreaText(element, walls)}{element.usage ? ` · ${element.usage}` : ''}</>;
    case 'door':
    case 'window':
      if (isPlacedOpening(element)) return <>{formatMetres(element.width)} × {formatMetres(element.height)} · in a slab</>;
      return <>{formatMetres(element.width)} × {formatMetres(element.height)} · in {hostWords(walls.find((w) => w.id === element.hostId))}{element.kind === 'window' ? ` · sill ${formatMetres(element.sill)}` : ''}</>;
    case 'slab':
      return <>{formatArea(polygonArea(element.polygon))} · {formatMetres(element.thickness)} thick</>;
    case 'equipment':
      return (
        <>
          <code className="font-mono text-xs text-slate-700">{element.path}</code> · {element.system} · {element.type} ·{' '}
          <StatusPill status={element.status} />
        </>
      );
    case 'object':
      return <>{element.category}{element.ifc ? ` · ${element.ifc.type}` : ''}</>;
  }
}

function roomAreaText(space: Extract<Element, { kind: 'space' }>, walls: readonly Wall[]): string {
  const { net, gross } = roomAreas(space, walls);
  return `${formatSquareMetres(net)} net · ${formatSquareMetres(gross)} gross`;
}

const STATUS_CLASSES: Record<string, string> = {
  ok: 'bg-emerald-100 text-emerald-800',
  'needs-repair': 'bg-amber-100 text-amber-900',
  offline: 'bg-rose-100 text-rose-800',
};

export function StatusPill({ status }: { status: string }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_CLASSES[status] ?? 'bg-slate-100 text-slate-700'}`}>{status}</span>;
}

/** The host wall in words: its name when it has one. */
function hostWords(wall: Wall | undefined): string {
  return wall?.name ? `wall “${wall.name}”` : 'a wall';
}
