import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { buildingPageTitle, loadBuildingPage } from '@/app/_lib/loadBuildingPage';
import { devToolsEnabled } from '@/app/_lib/runtimeConfig';
import { LiveBuilding } from '@/components/building/LiveBuilding';
import { SharingPanel } from './_components/SharingPanel';

export const dynamic = 'force-dynamic';

export async function generateMetadata(props: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await props.params;
  return { title: await buildingPageTitle(id) };
}

/**
 * The building page: a full-window workspace over the site header (the page never scrolls; the
 * workspace's top bar has the way back to the buildings list).
 */
export default async function BuildingPage(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const page = await loadBuildingPage(id);
  if (page.state === 'sign-in') redirect(`/login?callbackUrl=${encodeURIComponent(`/buildings/${id}`)}`);
  if (page.state === 'not-found') notFound();
  const { building, access } = page;
  const { snapshot, invalid } = building;
  const { principal, role } = access;

  const notices =
    invalid.length > 0 ? (
      <div role="alert" className="max-h-32 shrink-0 overflow-y-auto border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900">
        {invalid.length} stored record{invalid.length === 1 ? '' : 's'} failed validation and {invalid.length === 1 ? 'is' : 'are'} not shown:
        <ul className="mt-1 list-disc pl-5">
          {invalid.slice(0, 10).map((record) => (
            <li key={`${record.collection}/${record.id}`}>
              {record.collection}/{record.id}: {record.error.message}
            </li>
          ))}
        </ul>
      </div>
    ) : undefined;

  return (
    <div className="fixed inset-0 z-40 flex flex-col overflow-hidden bg-white" data-testid="building-page">
      {snapshot ? (
        <LiveBuilding
          buildingId={building.id}
          initialSnapshot={snapshot}
          user={{ id: principal.id, name: principal.name }}
          role={role}
          devTools={devToolsEnabled()}
          building={{ name: building.name, guest: principal.guest }}
          sharing={role === 'owner' ? <SharingPanel buildingId={building.id} /> : undefined}
          notices={notices}
        />
      ) : (
        <div className="mx-auto max-w-6xl px-6 py-8">
          <nav className="text-sm text-slate-500">
            {principal.guest ? 'Shared with you' : <Link href="/buildings" className="hover:text-slate-900">Buildings</Link>} / {building.orgName}
          </nav>
          <h1 className="mt-2 text-3xl font-semibold tracking-tight" data-testid="building-name">
            {building.name}
          </h1>
          <span data-testid="building-role" data-role={role} className="rounded-full bg-brand-50 px-2.5 py-0.5 text-xs font-medium text-brand-700">
            {role}
          </span>
          {notices}
          <p className="mt-8 text-slate-600">This building has no model yet.</p>
        </div>
      )}
    </div>
  );
}
