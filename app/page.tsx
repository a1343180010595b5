import Link from 'next/link';

export default function HomePage() {
  return (
    <div className="mx-auto max-w-6xl px-6 py-16">
      <h1 className="text-4xl font-semibold tracking-tight text-slate-900">Your building, as one live shared model.</h1>
      <p className="mt-4 max-w-2xl text-lg text-slate-600">
        Teams co-edit floor plans in the browser, headset users walk the same model in AR/VR, and reviewers
        comment on it live. Every change is kept: versions, diff, restore.
      </p>
      <div className="mt-8 flex gap-3">
        <Link
          href="/buildings"
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
        >
          Open your buildings
        </Link>
        <a href="/demo" data-testid="open-demo" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50">
          Open the demo building
        </a>
      </div>
    </div>
  );
}
