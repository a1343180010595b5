/**
 * The words the sign-in page may show. next-auth passes errors through the URL
 * (`/login?error=...`), so the page shows only these (and next-auth's own codes, translated),
 * never arbitrary text from a link someone crafted.
 */
export const SIGN_IN_ERRORS = {
  invalid: 'Wrong email or password.',
  malformed: 'Enter your email address and your password.',
  noEmail: 'Your account has no email address we can use.',
  unverifiedGoogle: 'Verify your Google email address first.',
} as const;

const NEXT_AUTH_CODES: Record<string, string> = {
  CredentialsSignin: SIGN_IN_ERRORS.invalid,
  OAuthAccountNotLinked: 'Signing in with that provider failed. Try again, or use your email and password.',
  OAuthCallback: 'Signing in with that provider failed. Try again, or use your email and password.',
  OAuthSignin: 'Signing in with that provider failed. Try again, or use your email and password.',
  AccessDenied: 'Access was denied.',
  SessionRequired: 'Sign in to continue.',
  Configuration: 'Sign-in is not configured correctly on the server.',
};

const RATE_LIMITED = /^Too many failed sign-in attempts (for this email|from your network)\. Try again in (a minute|\d+ minutes)\.$/;

/** The message to show for an `error` from next-auth or our provider; unknown text becomes a generic message. */
export function describeSignInError(error: string): string {
  if (NEXT_AUTH_CODES[error]) return NEXT_AUTH_CODES[error];
  if ((Object.values(SIGN_IN_ERRORS) as string[]).includes(error) || RATE_LIMITED.test(error)) return error;
  return 'Signing in failed. Try again.';
}
