import { compareNatural, type BuildingSnapshot, type Element, type ElementKind, type Wall, ELEMENT_KINDS } from '@/lib/model';
import { ElementDetails } from './ElementDetails';
import { formatMetres, KIND_BADGE, KIND_LABELS } from './kindLabels';

/**
 * Read-only overview of a building: its storeys and every element on each, from the model
 * document. (The plan editor replaces this as the main view in a later issue.)
 */
export function BuildingOverview({ snapshot }: { snapshot: BuildingSnapshot }) {
  const storeys = Object.values(snapshot.storeys).sort((a, b) => a.order - b.order || a.elevation - b.elevation);
  const elements = Object.values(snapshot.elements);
  const byStorey = new Map<string, Element[]>();
  for (const element of elements) byStorey.set(element.storeyId, [...(byStorey.get(element.storeyId) ?? []), element]);

  return (
    <div className="space-y-8">
      <KindSummary elements={elements} />
      {storeys.length === 0 && <p className="text-slate-600">This building has no storeys yet.</p>}
      {storeys.map((storey) => {
        const onStorey = sortElements(byStorey.get(storey.id) ?? []);
        const walls = onStorey.filter((e): e is Wall => e.kind === 'wall');
        return (
          <section key={storey.id} aria-labelledby={`storey-${storey.id}`} data-testid="storey" className="rounded-lg border border-slate-200 bg-white shadow-sm">
            <header className="flex items-baseline justify-between border-b border-slate-200 px-4 py-3">
              <h2 id={`storey-${storey.id}`} className="font-semibold text-slate-900">
                {storey.name}
              </h2>
              <p className="text-sm text-slate-500">
                elevation {formatMetres(storey.elevation)} · height {formatMetres(storey.height)} · {onStorey.length} elements
              </p>
            </header>
            {onStorey.length === 0 ? (
              <p className="px-4 py-6 text-sm text-slate-500">Nothing on this storey yet.</p>
            ) : (
              <table className="w-full text-left text-sm">
                <thead className="sr-only">
                  <tr>
                    <th>Kind</th>
                    <th>Name</th>
                    <th>Details</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {onStorey.map((element) => (
                    <tr key={element.id} data-testid="element" data-kind={element.kind} data-id={element.id}>
                      <td className="w-28 px-4 py-2">
                        <span className={`rounded px-2 py-0.5 text-xs font-medium ${KIND_BADGE[element.kind]}`}>{KIND_LABELS[element.kind][0]}</span>
                      </td>
                      <td className="px-2 py-2 font-medium text-slate-900">{element.name || <span className="text-slate-400">unnamed</span>}</td>
                      <td className="px-2 py-2 text-slate-600">
                        <ElementDetails element={element} walls={walls} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
    </div>
  );
}

function KindSummary({ elements }: { elements: readonly Element[] }) {
  const counts = new Map<ElementKind, number>();
  for (const element of elements) counts.set(element.kind, (counts.get(element.kind) ?? 0) + 1);
  return (
    <ul className="flex flex-wrap gap-2" aria-label="Elements by kind">
      {ELEMENT_KINDS.filter((kind) => counts.has(kind)).map((kind) => (
        <li key={kind} className={`rounded-full px-3 py-1 text-sm ${KIND_BADGE[kind]}`} data-testid={`kind-count-${kind}`}>
          {counts.get(kind)} {KIND_LABELS[kind][counts.get(kind) === 1 ? 0 : 1].toLowerCase()}
        </li>
      ))}
    </ul>
  );
}

const KIND_ORDER = new Map(ELEMENT_KINDS.map((kind, i) => [kind, i]));

/** Kinds in a fixed order; equipment by path, everything else by name. */
function sortElements(elements: Element[]): Element[] {
  return elements.sort((a, b) => {
    const byKind = (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0);
    if (byKind !== 0) return byKind;
    if (a.kind === 'equipment' && b.kind === 'equipment') return compareNatural(a.path, b.path);
    return compareNatural(a.name, b.name);
  });
}
