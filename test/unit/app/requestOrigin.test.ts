import { describe, expect, it } from 'vitest';
import { host, isSecure, origin } from '@/app/_lib/requestOrigin';

const request = (url: string | undefined, headers: Record<string, string>) => ({ url, headers: new Headers(headers) });

describe('where a request was addressed', () => {
  it.each([
    ['a proxy that forwards host and scheme', 'http://127.0.0.1:3000/x', { host: '127.0.0.1:3000', 'x-forwarded-host': 'arxos.example', 'x-forwarded-proto': 'https' }, 'arxos.example', true],
    ['the first scheme of a forwarded list', 'http://127.0.0.1:3000/x', { host: 'arxos.example', 'x-forwarded-proto': 'https, http' }, 'arxos.example', true],
    ['a forwarded http over an https URL', 'https://arxos.example/x', { host: 'arxos.example', 'x-forwarded-proto': 'http' }, 'arxos.example', false],
    ['no proxy: the Host header and the URL scheme', 'https://localhost:3000/x', { host: 'localhost:3000' }, 'localhost:3000', true],
    ['no headers at all: the URL', 'http://10.0.0.5:3000/x', {}, '10.0.0.5:3000', false],
    ['next/headers without a URL', undefined, { host: 'lan-box:3000' }, 'lan-box:3000', false],
  ] as const)('%s', (_label, url, headers, expectedHost, secure) => {
    const r = request(url, headers);
    expect(host(r)).toBe(expectedHost);
    expect(isSecure(r)).toBe(secure);
    expect(origin(r)).toBe(`${secure ? 'https' : 'http'}://${expectedHost}`);
  });

  it('knows no host without headers or a URL', () => {
    expect(host(request(undefined, {}))).toBeNull();
  });
});
