import { redirect } from 'next/navigation';
import { currentUser } from './currentUser';
import { safeCallbackPath } from './safeRedirect';

/**
 * The search params of a page for signed-out people (sign in, sign up) and where to go after it:
 * the same-site `callbackUrl`, else `/buildings`. Someone already signed in goes there at once.
 */
export async function redirectIfSignedIn(searchParams: Promise<Record<string, string | string[] | undefined>>): Promise<{ params: Record<string, string | string[] | undefined>; callbackUrl: string }> {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  return { params, callbackUrl };
}
