import { polygonArea, wallLength, type Element } from '@/lib/model';
import { formatArea, formatMetres } from './kindLabels';

/** One line of the facts that matter for an element, by kind. */
export function ElementDetails({ element }: { element: Element }) {
  switch (element.kind) {
    case 'wall':
      return <>{formatMetres(wallLength(element))} long · {formatMetres(element.thickness)} thick · {formatMetres(element.height)} high</>;
    case 'space':
      return <>{element.number ? `No. ${element.number} · ` : ''}{formatArea(polygonArea(element.polygon))}{element.usage ? ` · ${element.usage}` : ''}</>;
    case 'door':
    case 'window':
      return <>{formatMetres(element.width)} × {formatMetres(element.height)} · in {element.hostId}{element.kind === 'window' ? ` · sill ${formatMetres(element.sill)}` : ''}</>;
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

const STATUS_CLASSES: Record<string, string> = {
  ok: 'bg-emerald-100 text-emerald-800',
  'needs-repair': 'bg-amber-100 text-amber-900',
  offline: 'bg-rose-100 text-rose-800',
};

export function StatusPill({ status }: { status: string }) {
  return <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_CLASSES[status] ?? 'bg-slate-100 text-slate-700'}`}>{status}</span>;
}
