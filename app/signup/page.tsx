import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/app/_components/AuthCard';
import { redirectIfSignedIn } from '@/app/_lib/redirectIfSignedIn';
import { SignUpForm } from './SignUpForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Create an account' };

export default async function SignUpPage(props: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { callbackUrl } = await redirectIfSignedIn(props.searchParams);
  return (
    <AuthCard
      title="Create your ArxOS account"
      subtitle={
        <>
          Have an account?{' '}
          <Link href={`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="font-medium text-brand-600 hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <SignUpForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
