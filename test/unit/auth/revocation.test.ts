import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { mintCollabToken } from '@/lib/auth/collabToken';
import { collabInternalUrl, mintInternalToken, requestRevocation, verifyInternalToken } from '@/lib/auth/revocation';

const SECRET = 's'.repeat(40);

describe('internal tokens (web app -> collaboration server)', () => {
  it('verify when fresh and signed with the secret, as a header or bare', async () => {
    const token = await mintInternalToken(SECRET);
    expect(await verifyInternalToken(`Bearer ${token}`, SECRET)).toEqual({ ok: true });
    expect(await verifyInternalToken(token, SECRET)).toEqual({ ok: true });
  });

  it('expire after 60 seconds', async () => {
    const token = await mintInternalToken(SECRET, { now: new Date(Date.now() - 61_000) });
    expect(await verifyInternalToken(`Bearer ${token}`, SECRET)).toMatchObject({ ok: false, error: { code: 'expired' } });
  });

  it('are refused when forged (another secret), missing, or garbage', async () => {
    expect(await verifyInternalToken(`Bearer ${await mintInternalToken('t'.repeat(40))}`, SECRET)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await verifyInternalToken(undefined, SECRET)).toMatchObject({ ok: false, error: { code: 'missing' } });
    expect(await verifyInternalToken('Bearer ', SECRET)).toMatchObject({ ok: false, error: { code: 'missing' } });
    expect(await verifyInternalToken('Bearer a.b.c', SECRET)).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('say in words why they are refused', async () => {
    const expired = await mintInternalToken(SECRET, { now: new Date(Date.now() - 61_000) });
    expect(await verifyInternalToken(expired, SECRET)).toEqual({ ok: false, error: { code: 'expired', message: 'internal token expired' } });
    expect(await verifyInternalToken(undefined, SECRET)).toEqual({ ok: false, error: { code: 'missing', message: 'no internal token' } });
    const other = await mintInternalToken(SECRET, { subject: 'metrics' });
    expect(await verifyInternalToken(other, SECRET)).toEqual({ ok: false, error: { code: 'invalid', message: 'invalid internal token: unexpected "sub" claim value' } });
  });

  it('are not interchangeable with collab tokens (audience), nor across subjects', async () => {
    const collab = await mintCollabToken({ sub: 'u1', name: 'U', building: 'b1', role: 'owner' }, SECRET);
    expect(await verifyInternalToken(`Bearer ${collab}`, SECRET)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const other = await mintInternalToken(SECRET, { subject: 'metrics' });
    expect(await verifyInternalToken(`Bearer ${other}`, SECRET)).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});

describe('requestRevocation', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function server(status: number) {
    const seen: { body: unknown; authorization?: string; url?: string; method?: string }[] = [];
    const s = createServer((req: IncomingMessage, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        seen.push({ body: JSON.parse(raw), authorization: req.headers.authorization, url: req.url, method: req.method });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    close = () => new Promise((resolve) => s.close(() => resolve()));
    return { seen, baseUrl: `http://127.0.0.1:${(s.address() as AddressInfo).port}` };
  }

  it('POSTs {building, link?, user?} to /internal/revoke with a verifiable internal token', async () => {
    const { seen, baseUrl } = await server(204);
    expect(await requestRevocation({ building: 'b1', link: 'l1' }, SECRET, { baseUrl })).toEqual({ ok: true, status: 204 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ url: '/internal/revoke', method: 'POST', body: { building: 'b1', link: 'l1' } });
    expect(await verifyInternalToken(seen[0]!.authorization, SECRET)).toEqual({ ok: true });
  });

  it('returns and logs a failure, never throws, for an error status or a refused connection', async () => {
    const { baseUrl } = await server(500);
    const logged: string[] = [];
    const log = (m: string) => logged.push(m);
    expect(await requestRevocation({ building: 'b1', user: 'u1' }, SECRET, { baseUrl, log })).toMatchObject({ ok: false, error: expect.stringContaining('HTTP 500') });
    await close!();
    close = undefined;
    const refused = await requestRevocation({ building: 'b1' }, SECRET, { baseUrl, log });
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining('unreachable') });
    expect(logged).toHaveLength(2);
    expect(logged[1]).toContain('ECONNREFUSED');
  });

  it('targets COLLAB_INTERNAL_URL, else 127.0.0.1:COLLAB_PORT', () => {
    expect(collabInternalUrl({ COLLAB_INTERNAL_URL: 'http://collab.internal:9000/' })).toBe('http://collab.internal:9000');
    expect(collabInternalUrl({ COLLAB_PORT: '3218' })).toBe('http://127.0.0.1:3218');
    expect(collabInternalUrl({})).toBe('http://127.0.0.1:1234');
  });
});
