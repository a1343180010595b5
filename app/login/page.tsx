import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/app/_components/AuthCard';
import { redirectIfSignedIn } from '@/app/_lib/redirectIfSignedIn';
import { enabledOAuthProviders } from '@/lib/auth/authOptions';
import { SignInForm } from './SignInForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { params, callbackUrl } = await redirectIfSignedIn(props.searchParams);
  const error = typeof params.error === 'string' ? params.error : null;
  return (
    <AuthCard
      title="Sign in to ArxOS"
      subtitle={
        <>
          New here?{' '}
          <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-brand-600 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <SignInForm callbackUrl={callbackUrl} initialError={error} oauth={enabledOAuthProviders()} />
    </AuthCard>
  );
}
