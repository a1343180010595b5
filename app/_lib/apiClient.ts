/** Browser-side calls to /api/v1: JSON in, JSON out, errors as `{ok:false, message}` in words. */
export async function callApi<T = unknown>(method: string, path: string, body?: unknown): Promise<{ ok: true; value: T } | { ok: false; status: number; message: string }> {
  try {
    const response = await fetch(path, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    const answer = (await response.json().catch(() => null)) as (T & { message?: string }) | null;
    if (!response.ok) return { ok: false, status: response.status, message: answer?.message ?? `The server answered HTTP ${response.status}.` };
    return { ok: true, value: answer as T };
  } catch {
    return { ok: false, status: 0, message: 'The server could not be reached. Check your connection and try again.' };
  }
}
