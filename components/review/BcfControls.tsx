'use client';

import { useRef, useState } from 'react';
import type { ReviewSession } from './useReview';

/** What `POST /api/v1/buildings/{id}/import/bcf` answers. */
interface BcfImported {
  topics: number;
  comments: number;
  viewpoints: number;
  unresolved: unknown[];
  warnings: string[];
}

/**
 * BCF in and out at the foot of the review panel: download the threads as BCF 3.0 or 2.1, and
 * (members who may comment) import a .bcfzip as threads, which arrive live like any others.
 */
export function BcfControls({ review }: { review: ReviewSession }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; tone: 'info' | 'error' } | null>(null);
  const base = `/api/v1/buildings/${encodeURIComponent(review.buildingId)}`;
  const upload = async (file: File) => {
    setBusy(true);
    setMessage(null);
    try {
      const response = await fetch(`${base}/import/bcf`, { method: 'POST', headers: { 'content-type': 'application/zip' }, body: file });
      const body = (await response.json().catch(() => null)) as (BcfImported & { message?: string }) | null;
      if (!response.ok || !body) throw new Error(body?.message ?? `HTTP ${response.status}`);
      const unresolved = body.unresolved.length > 0 ? `; ${body.unresolved.length} components matched no element` : '';
      setMessage({ tone: 'info', text: `Imported ${body.topics} topics, ${body.comments} comments and ${body.viewpoints} viewpoints${unresolved}.` });
    } catch (error) {
      setMessage({ tone: 'error', text: `The BCF file could not be imported: ${(error as Error).message}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <footer className="shrink-0 border-t border-slate-200 px-3 py-2 text-xs text-slate-600">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <span>BCF:</span>
        <a href={`${base}/export/bcf?version=3.0`} download className="text-brand-700 hover:underline">
          Export 3.0
        </a>
        <a href={`${base}/export/bcf?version=2.1`} download className="text-brand-700 hover:underline">
          Export 2.1
        </a>
        {review.canWrite && review.member && (
          <>
            <button type="button" disabled={busy} onClick={() => input.current?.click()} className="text-brand-700 hover:underline disabled:opacity-50">
              {busy ? 'Importing…' : 'Import…'}
            </button>
            <input
              ref={input}
              type="file"
              accept=".bcf,.bcfzip,application/zip"
              aria-label="Import a BCF file"
              className="hidden"
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void upload(file);
              }}
            />
          </>
        )}
      </div>
      {message && (
        <p role={message.tone === 'error' ? 'alert' : 'status'} className={`mt-1 ${message.tone === 'error' ? 'text-rose-700' : 'text-slate-700'}`}>
          {message.text}
        </p>
      )}
    </footer>
  );
}
