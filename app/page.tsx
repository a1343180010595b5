import Link from 'next/link';

/** What ArxOS does today: each item is something a user can do on `npm start` now. */
const TODAY = [
  ['Co-edit floor plans live', 'Walls, rooms, doors, windows and equipment on a 2D plan; everyone’s edits appear as they are made, with undo of one’s own.'],
  ['Equipment by path', 'Each piece of equipment has a readable path such as /electrical/circuits/2/outlet_2A.'],
  ['See who is here', 'Avatars, live cursors and selections; click someone to follow their view.'],
  ['Work offline', 'Edits made without a connection are kept in the browser and merge when it comes back.'],
  ['Nothing is lost', 'The server keeps every building’s history of updates in Postgres; sharing by invitation or link, with roles.'],
] as const;

/** What comes next (not in the app yet). */
const NEXT = ['A 3D view beside the plan, then AR/VR walk-throughs', 'IFC import and export', 'Review: comments, version history and restore', 'BCF issues in and out'] as const;

export default function HomePage() {
  return (
    <div className="mx-auto max-w-6xl px-6 py-12">
      <h1 className="text-4xl font-semibold tracking-tight text-slate-900">Your building, as one live shared model.</h1>
      <p className="mt-4 max-w-2xl text-lg text-slate-600">
        ArxOS is a floor-plan editor in the browser that a whole team uses at once: draw a storey together, see each other work, and keep working when the network drops.
      </p>
      <div className="mt-8 flex flex-wrap gap-3" data-testid="landing-actions">
        <Link href="/buildings" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700">
          Open your buildings
        </Link>
        <a href="/demo" data-testid="open-demo" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50">
          Open the demo building
        </a>
        <Link href="/signup" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
          Create an account
        </Link>
      </div>

      {/* eslint-disable-next-line @next/next/no-img-element -- a static screenshot; next/image adds nothing here */}
      <img
        src="/screenshot-workspace.png"
        width={1280}
        height={800}
        alt="The ArxOS workspace: storeys and the element tree on the left, a floor plan with walls and equipment in the middle, properties on the right"
        className="mt-10 w-full rounded-lg border border-slate-200 shadow-md"
      />

      <div className="mt-12 grid gap-10 md:grid-cols-2">
        <section aria-labelledby="today">
          <h2 id="today" className="text-xl font-semibold text-slate-900">
            What works today
          </h2>
          <ul className="mt-4 space-y-3">
            {TODAY.map(([title, text]) => (
              <li key={title}>
                <p className="font-medium text-slate-900">{title}</p>
                <p className="text-sm text-slate-600">{text}</p>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="next">
          <h2 id="next" className="text-xl font-semibold text-slate-900">
            What comes next
          </h2>
          <ul className="mt-4 list-disc space-y-2 pl-5 text-slate-700">
            {NEXT.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
