import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { buildingPageTitle, loadBuildingPage } from '@/app/_lib/loadBuildingPage';
import { devToolsEnabled } from '@/app/_lib/runtimeConfig';
import { LiveBuilding } from '@/components/building/LiveBuilding';
import { LiveRoleBadge } from '@/components/building/LiveRoleBadge';
import { SharingPanel } from './_components/SharingPanel';

export const dynamic = 'force-dynamic';

export async function generateMetadata(props: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await props.params;
  return { title: await buildingPageTitle(id) };
}

export default async function BuildingPage(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const page = await loadBuildingPage(id);
  if (page.state === 'sign-in') redirect(`/login?callbackUrl=${encodeURIComponent(`/buildings/${id}`)}`);
  if (page.state === 'not-found') notFound();
  const { building, access } = page;
  const { snapshot, invalid } = building;
  const { principal, role } = access;

  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <nav className="text-sm text-slate-500">
        {principal.guest ? (
          'Shared with you'
        ) : (
          <Link href="/buildings" className="hover:text-slate-900">
            Buildings
          </Link>
        )}{' '}
        / {building.orgName}
      </nav>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="text-3xl font-semibold tracking-tight" data-testid="building-name">
          {building.name}
        </h1>
        <LiveRoleBadge buildingId={building.id} role={role} guest={principal.guest} />
      </div>
      {building.address && <p className="mt-1 text-slate-600">{building.address}</p>}

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

      {role === 'owner' && <SharingPanel buildingId={building.id} />}

      {snapshot ? (
        <LiveBuilding buildingId={building.id} initialSnapshot={snapshot} user={{ id: principal.id, name: principal.name }} role={role} devTools={devToolsEnabled()} />
      ) : (
        <p className="mt-8 text-slate-600">This building has no model yet.</p>
      )}
    </div>
  );
}
