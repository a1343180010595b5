import type { Metadata } from 'next';
import Link from 'next/link';
import { SignOutButton } from './_components/SignOutButton';
import { currentUser } from './_lib/currentUser';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'ArxOS', template: '%s · ArxOS' },
  description: 'A building as a live, shared model: co-edit floor plans, walk it in AR/VR, review it together.',
  icons: {
    icon: [
      { url: '/icon.svg', type: 'image/svg+xml' },
      { url: '/icon-192.png', sizes: '192x192', type: 'image/png' },
    ],
    apple: { url: '/icon-192.png', sizes: '192x192' },
  },
  manifest: '/manifest.webmanifest',
};

export default async function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body className="flex min-h-full flex-col">
        <header className="border-b border-slate-200 bg-white">
          <nav className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-6">
            <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-slate-900">
              <LogoMark />
              ArxOS
            </Link>
            <Link href="/buildings" className="text-sm text-slate-600 hover:text-slate-900">
              Buildings
            </Link>
            <div className="ml-auto flex items-center gap-4">
              {user ? (
                <>
                  <span className="text-sm text-slate-700" data-testid="signed-in-as" title={user.email}>
                    {user.name}
                  </span>
                  <SignOutButton />
                </>
              ) : (
                <>
                  <Link href="/login" className="text-sm text-slate-600 hover:text-slate-900">
                    Sign in
                  </Link>
                  <Link href="/signup" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
                    Sign up
                  </Link>
                </>
              )}
            </div>
          </nav>
        </header>
        <main className="flex-1">{children}</main>
      </body>
    </html>
  );
}

function LogoMark() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" className="text-brand-600">
      <path d="M3 21V9l9-6 9 6v12h-6v-7H9v7H3z" fill="currentColor" />
    </svg>
  );
}
