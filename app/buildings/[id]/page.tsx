import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { loadBuilding } from '@/app/_lib/loadBuilding';
import { BuildingOverview } from '@/components/building/BuildingOverview';

export const dynamic = 'force-dynamic';

export async function generateMetadata(props: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await props.params;
  const building = await loadBuilding(id);
  return { title: building?.snapshot?.meta.name ?? 'Building not found' };
}

export default async function BuildingPage(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const building = await loadBuilding(id);
  if (!building) notFound();
  const { snapshot, invalid } = building;
  const elementCount = snapshot ? Object.keys(snapshot.elements).length : 0;
  const storeyCount = snapshot ? Object.keys(snapshot.storeys).length : 0;

  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <nav className="text-sm text-slate-500">
        <Link href="/buildings" className="hover:text-slate-900">
          Buildings
        </Link>{' '}
        / {building.orgName}
      </nav>
      <div className="mt-2 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight" data-testid="building-name">
            {snapshot?.meta.name ?? 'Untitled building'}
          </h1>
          {snapshot?.meta.address && <p className="mt-1 text-slate-600">{snapshot.meta.address}</p>}
        </div>
        <dl className="flex gap-6 text-right">
          <div>
            <dt className="text-xs uppercase tracking-wide text-slate-500">Storeys</dt>
            <dd className="text-2xl font-semibold" data-testid="storey-count">{storeyCount}</dd>
          </div>
          <div>
            <dt className="text-xs uppercase tracking-wide text-slate-500">Elements</dt>
            <dd className="text-2xl font-semibold" data-testid="element-count">{elementCount}</dd>
          </div>
        </dl>
      </div>

      {invalid.length > 0 && (
        <div role="alert" className="mt-6 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900">
          {invalid.length} stored record{invalid.length === 1 ? '' : 's'} failed validation and {invalid.length === 1 ? 'is' : 'are'} not shown:
          <ul className="mt-2 list-disc pl-5">
            {invalid.slice(0, 10).map((record) => (
              <li key={`${record.collection}/${record.id}`}>
                {record.collection}/{record.id}: {record.error.message}
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="mt-8">
        {snapshot ? <BuildingOverview snapshot={snapshot} /> : <p className="text-slate-600">This building has no model yet.</p>}
      </div>
    </div>
  );
}
