import Link from 'next/link';

/**
 * What someone sees, over the whole window, once their access to an open building has been taken
 * away (the web app refuses them a new collab token): in words, never as a missing or deleted
 * building. Nothing of the building stays usable underneath.
 */
export function AccessRemoved({ buildingName }: { buildingName: string }) {
  return (
    <div role="alertdialog" aria-modal="true" aria-labelledby="access-removed-title" data-testid="access-removed" className="fixed inset-0 z-50 flex items-center justify-center bg-slate-50 px-6">
      <div className="max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <h1 id="access-removed-title" className="text-2xl font-semibold tracking-tight text-slate-900">
          Your access to {buildingName} was removed
        </h1>
        <p className="mt-3 text-slate-600">An owner of the building has taken your access away. Changes you had not sent yet were not saved. If you still need it, ask an owner to share it with you again.</p>
        <Link href="/buildings" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Go to your buildings
        </Link>
      </div>
    </div>
  );
}
