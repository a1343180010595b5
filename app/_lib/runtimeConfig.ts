/**
 * Configuration the server reads at request time (not inlined at build time like `NEXT_PUBLIC_*`
 * references are), so one build serves any port or host.
 */
function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Where browsers open WebSockets: COLLAB_PUBLIC_URL if set, else the host the page was
 * requested on with COLLAB_PORT (default 1234), so a LAN address works as well as localhost.
 */
export function collabUrlFor(requestHost: string | null, secure: boolean): string {
  const configured = env('COLLAB_PUBLIC_URL');
  if (configured) return configured;
  const hostname = (requestHost ?? 'localhost').replace(/:\d+$/, '');
  return `${secure ? 'wss' : 'ws'}://${hostname}:${env('COLLAB_PORT') ?? '1234'}`;
}

/**
 * AUTH_SECRET (or its next-auth alias NEXTAUTH_SECRET): signs sessions, collab tokens, share
 * cookies and internal tokens. The launcher always provides it (generated into .data/secret for the
 * embedded default; required when NODE_ENV=production, see lib/auth/secret.ts). Never defaulted
 * here: a web app without it refuses to authenticate anyone.
 */
export function authSecret(): string {
  const secret = env('AUTH_SECRET') ?? env('NEXTAUTH_SECRET');
  if (!secret) throw new Error('AUTH_SECRET is not set: start the app with `npm start`, or set it (>= 32 characters)');
  if (secret.length < 32) throw new Error('AUTH_SECRET must be at least 32 characters long');
  return secret;
}

/** Whether the dev controls and the `window.__arxos` test handle are on (ARXOS_DEV_TOOLS, default on outside production). */
export function devToolsEnabled(): boolean {
  const flag = env('ARXOS_DEV_TOOLS');
  if (flag !== undefined) return flag === '1' || flag === 'true';
  return process.env.NODE_ENV !== 'production';
}

/** Default of {@link ifcMaxBytes}: 100 MiB. */
export const DEFAULT_IFC_MAX_BYTES = 100 * 1024 * 1024;
/** Default of {@link bcfMaxBytes}: 50 MiB. */
export const DEFAULT_BCF_MAX_BYTES = 50 * 1024 * 1024;

/**
 * Largest BCF archive `POST /api/v1/buildings/{id}/import/bcf` takes, in bytes
 * (ARXOS_BCF_MAX_BYTES, default 50 MiB); larger -> 413. What it unpacks to is bounded apart
 * (lib/bcf: 256 MB, zip bombs refused as they inflate).
 */
export function bcfMaxBytes(): number {
  return positiveBytes('ARXOS_BCF_MAX_BYTES', DEFAULT_BCF_MAX_BYTES);
}

/** Default of {@link assetUploadMaxBytes}: 100 MiB. */
export const DEFAULT_ASSET_UPLOAD_MAX_BYTES = 100 * 1024 * 1024;

/**
 * Largest IFC file `POST /api/v1/buildings/{id}/import/ifc` takes, in bytes (ARXOS_IFC_MAX_BYTES,
 * default 100 MiB); larger -> 413. The file, web-ifc's model of it and the records read from it
 * are in memory at once (several times the file's size), so this bounds the web app's memory.
 */
export function ifcMaxBytes(): number {
  return positiveBytes('ARXOS_IFC_MAX_BYTES', DEFAULT_IFC_MAX_BYTES);
}

/**
 * Largest body of `POST /api/v1/buildings/{id}/assets` (the geometry assets of a browser import),
 * in bytes (ARXOS_ASSET_UPLOAD_MAX_BYTES, default 100 MiB); larger -> 413. The body is held in
 * memory while its assets are hashed and stored.
 */
export function assetUploadMaxBytes(): number {
  return positiveBytes('ARXOS_ASSET_UPLOAD_MAX_BYTES', DEFAULT_ASSET_UPLOAD_MAX_BYTES);
}

function positiveBytes(name: string, fallback: number): number {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number of bytes, got ${JSON.stringify(raw)}`);
  return value;
}
