import Link from 'next/link';

/**
 * `/buildings/<id>` for someone who may not open it (404). A building that does not exist and one
 * the visitor has no access to (never had, or no longer has: a removed member, a revoked share
 * link) get the same page, so that ids cannot be probed; it says so in words, without suggesting
 * the building was deleted. Someone signed out is sent to sign in instead (loadBuildingPage).
 */
export default function BuildingNotFound() {
  return (
    <div className="mx-auto max-w-6xl px-6 py-16" data-testid="no-access">
      <h1 className="text-2xl font-semibold">You do not have access to this building</h1>
      <p className="mt-2 text-slate-600">You do not have access to this building (or it does not exist). If it was shared with you, your access may have been removed: ask an owner of the building to share it with you again.</p>
      <Link href="/buildings" className="mt-6 inline-block text-brand-600 hover:underline">
        Go to your buildings
      </Link>
    </div>
  );
}
