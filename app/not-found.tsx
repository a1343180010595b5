import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="mx-auto max-w-6xl px-6 py-16">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600">There is nothing at this address. The building may have been deleted, or the link is wrong.</p>
      <Link href="/buildings" className="mt-6 inline-block text-brand-600 hover:underline">
        Back to your buildings
      </Link>
    </div>
  );
}
