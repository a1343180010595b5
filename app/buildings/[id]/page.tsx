import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { loadBuilding } from '@/app/_lib/loadBuilding';
import { currentUser } from '@/app/_lib/currentUser';
import { devToolsEnabled } from '@/app/_lib/runtimeConfig';
import { LiveBuilding } from '@/components/building/LiveBuilding';

export const dynamic = 'force-dynamic';

export async function generateMetadata(props: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await props.params;
  const building = await loadBuilding(id);
  return { title: building?.snapshot?.meta.name ?? 'Building not found' };
}

export default async function BuildingPage(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const [building, user] = await Promise.all([loadBuilding(id), currentUser()]);
  if (!building || !user) notFound();
  const { snapshot, invalid } = building;

  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <nav className="text-sm text-slate-500">
        <Link href="/buildings" className="hover:text-slate-900">
          Buildings
        </Link>{' '}
        / {building.orgName}
      </nav>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight" data-testid="building-name">
        {snapshot?.meta.name ?? 'Untitled building'}
      </h1>
      {snapshot?.meta.address && <p className="mt-1 text-slate-600">{snapshot.meta.address}</p>}

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

      {snapshot ? (
        <LiveBuilding buildingId={building.id} initialSnapshot={snapshot} user={user} devTools={devToolsEnabled()} />
      ) : (
        <p className="mt-8 text-slate-600">This building has no model yet.</p>
      )}
    </div>
  );
}
