import type { Metadata } from 'next';
import Link from 'next/link';
import { listBuildings } from '@/app/_lib/loadBuilding';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Buildings' };

export default async function BuildingsPage() {
  const buildings = await listBuildings();
  return (
    <div className="mx-auto max-w-6xl px-6 py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Buildings</h1>
      {buildings.length === 0 ? (
        <p className="mt-6 text-slate-600">No buildings yet.</p>
      ) : (
        <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {buildings.map((b) => (
            <li key={b.id}>
              <Link href={`/buildings/${b.id}`} className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm transition hover:border-brand-500 hover:shadow">
                <p className="font-medium text-slate-900">{b.name}</p>
                <p className="mt-1 text-sm text-slate-600">{b.address || 'No address'}</p>
                <p className="mt-3 text-xs text-slate-500">{b.organization.name}</p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
