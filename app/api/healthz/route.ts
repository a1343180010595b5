export const dynamic = 'force-dynamic';

/** Liveness of the web app: answers as soon as the Next.js server is serving requests. */
export function GET() {
  return Response.json({ ok: true });
}
