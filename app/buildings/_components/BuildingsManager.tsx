'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormError, inputClass } from '@/app/_components/AuthCard';
import { SelectField } from '@/app/_components/SelectField';
import { callApi } from '@/app/_lib/apiClient';
import { hasAtLeast, type BuildingRole } from '@/lib/auth/roles';
import { importViaServer, readIfcInWorker, type ImportRun } from '@/components/ifc/importIfc';
import { ImportPanel } from '@/components/ifc/ImportPanel';
import { PanelDialog } from '@/components/workspace/PanelDialog';
import { IfcImportError, type IfcImport, type ImportProgress } from '@/lib/ifc/types';

interface BuildingItem {
  id: string;
  name: string;
  address: string;
  orgName: string;
  role: BuildingRole;
}

const buttonClass = 'rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700 disabled:cursor-not-allowed disabled:opacity-50';
const quietButtonClass = 'rounded px-2 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900';

/** /buildings: the buildings I can access; create, rename (editors), delete (owners, with confirmation). */
export function BuildingsManager({ buildings, orgs }: { buildings: BuildingItem[]; orgs: { id: string; name: string; role: string }[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<BuildingItem | null>(null);

  async function run(action: () => Promise<{ ok: true } | { ok: false; message: string }>) {
    setPending(true);
    setError(null);
    const result = await action();
    setPending(false);
    if (!result.ok) setError(result.message);
    else router.refresh();
    return result.ok;
  }

  async function create(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const created = await run(async () => {
      const result = await callApi<{ building: { id: string } }>('POST', '/api/v1/buildings', {
        name: String(form.get('name') ?? ''),
        address: String(form.get('address') ?? ''),
        ...(form.get('orgId') ? { orgId: String(form.get('orgId')) } : {}),
      });
      return result;
    });
    if (created) formElement.reset();
  }

  async function rename(event: React.FormEvent<HTMLFormElement>, id: string) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (await run(() => callApi('PATCH', `/api/v1/buildings/${id}`, { name: String(form.get('name') ?? '') }))) setRenaming(null);
  }

  const [importOpen, setImportOpen] = useState(false);
  const [importKey, setImportKey] = useState(0);
  const [imported, setImported] = useState<{ id: string; name: string } | null>(null);
  /**
   * A new building from an IFC file: read it in the worker first (progress, and an unreadable
   * file creates nothing), then create the building named after the file's building and send the
   * file to the REST import, which writes it on the server as one change (nothing to hand over to
   * the next page, nothing lost on a reload). A failure after the building was made deletes it.
   */
  function importNew(file: File, onProgress: (p: ImportProgress) => void): ImportRun<IfcImport> {
    const read = readIfcInWorker(file, onProgress);
    const abort = new AbortController();
    const orgId = orgs.find((o) => o.role === 'owner')?.id ?? orgs[0]?.id;
    const done = (async () => {
      const result = await read.done;
      const name = (result.project.building || result.project.name || file.name.replace(/\.ifc$/i, '')).slice(0, 120) || 'Imported building';
      const created = await callApi<{ building: { id: string } }>('POST', '/api/v1/buildings', { name, address: '', ...(orgId ? { orgId } : {}) });
      if (!created.ok) throw new IfcImportError('create', `The building could not be created: ${created.message}`);
      const id = created.value.building.id;
      try {
        await importViaServer(id, file, onProgress, abort.signal);
      } catch (error) {
        await callApi('DELETE', `/api/v1/buildings/${id}`);
        throw error;
      }
      setImported({ id, name });
      router.refresh();
      return result;
    })();
    return {
      done,
      cancel() {
        read.cancel();
        abort.abort();
      },
    };
  }

  async function remove(id: string) {
    if (await run(() => callApi('DELETE', `/api/v1/buildings/${id}`))) setDeleting(null);
  }

  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">Buildings</h1>
      </div>

      <form onSubmit={create} className="mt-6 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-[1fr_1fr_auto_auto]" aria-label="New building">
        <label className="text-sm font-medium text-slate-700">
          Name
          <input name="name" required maxLength={120} placeholder="Riverside Office" className={inputClass} />
        </label>
        <label className="text-sm font-medium text-slate-700">
          Address
          <input name="address" maxLength={300} placeholder="12 Quay Street" className={inputClass} />
        </label>
        {orgs.length > 1 ? (
          <SelectField
            label="Organization"
            name="orgId"
            options={orgs.map((o) => ({ value: o.id, label: o.name }))}
            defaultValue={orgs.find((o) => o.role === 'owner')?.id ?? orgs[0]?.id}
            className="text-sm font-medium text-slate-700"
          />
        ) : (
          <span />
        )}
        <div className="flex items-end">
          <button type="submit" disabled={pending || orgs.length === 0} className={buttonClass}>
            Create building
          </button>
        </div>
      </form>
      <div className="mt-3 flex items-center gap-3 text-sm text-slate-600">
        <button
          type="button"
          disabled={orgs.length === 0}
          onClick={() => {
            setImportKey((k) => k + 1);
            setImported(null);
            setImportOpen(true);
          }}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 shadow-sm hover:bg-slate-50 disabled:opacity-50"
        >
          Import IFC…
        </button>
        <span>A new building from an IFC file (ArchiCAD, Revit, …)</span>
      </div>
      <PanelDialog open={importOpen} onClose={() => setImportOpen(false)} title="New building from IFC" testId="ifc-import">
        {importOpen && <ImportPanel key={importKey} start={importNew} doneAction={imported ? { label: `Open ${imported.name}`, run: () => router.push(`/buildings/${imported.id}`) } : undefined} />}
      </PanelDialog>

      <div className="mt-4">
        <FormError message={error} />
      </div>

      {buildings.length === 0 ? (
        <p className="mt-6 text-slate-600">No buildings yet. Create one above, or ask a colleague to invite you.</p>
      ) : (
        <ul className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {buildings.map((b) => (
            <li key={b.id} data-testid="building-card" data-building-id={b.id} className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm transition hover:border-brand-500 hover:shadow">
              {renaming === b.id ? (
                <form onSubmit={(e) => void rename(e, b.id)} className="flex gap-2">
                  <input name="name" aria-label="New name" defaultValue={b.name} required maxLength={120} className={inputClass} autoFocus />
                  <button type="submit" disabled={pending} className={buttonClass}>
                    Save
                  </button>
                </form>
              ) : (
                <Link href={`/buildings/${b.id}`} className="block">
                  <p className="font-medium text-slate-900">{b.name}</p>
                  <p className="mt-1 text-sm text-slate-600">{b.address || 'No address'}</p>
                </Link>
              )}
              <div className="mt-3 flex items-center justify-between text-xs text-slate-500">
                <span>
                  {b.orgName} · <span data-testid="building-role">{b.role}</span>
                </span>
                <span className="flex gap-1">
                  {hasAtLeast(b.role, 'editor') && renaming !== b.id && (
                    <button type="button" className={quietButtonClass} onClick={() => setRenaming(b.id)}>
                      Rename
                    </button>
                  )}
                  {b.role === 'owner' && (
                    <button type="button" className={`${quietButtonClass} text-red-700 hover:bg-red-50 hover:text-red-800`} onClick={() => setDeleting(b)}>
                      Delete
                    </button>
                  )}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}

      {deleting && (
        <div role="dialog" aria-modal="true" aria-labelledby="delete-title" className="fixed inset-0 z-10 flex items-center justify-center bg-slate-900/40 p-6">
          <div className="w-full max-w-md rounded-lg bg-white p-6 shadow-xl">
            <h2 id="delete-title" className="text-lg font-semibold">
              Delete {deleting.name}?
            </h2>
            <p className="mt-2 text-sm text-slate-600">Everyone loses access to it at once, and open editors are disconnected. The data is kept and can be restored by an administrator.</p>
            <div className="mt-6 flex justify-end gap-3">
              <button type="button" className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100" onClick={() => setDeleting(null)}>
                Cancel
              </button>
              <button type="button" disabled={pending} className="rounded-md bg-red-600 px-3 py-2 text-sm font-medium text-white hover:bg-red-700 disabled:opacity-50" onClick={() => void remove(deleting.id)}>
                Delete building
              </button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}
