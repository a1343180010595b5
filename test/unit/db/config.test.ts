import { describe, expect, it } from 'vitest';
import { EMBEDDED_URL_ENV, resolveDatabaseConfig } from '@/lib/db/config';

describe('resolveDatabaseConfig', () => {
  it('uses DATABASE_URL when it is set, even if an embedded server is running', () => {
    expect(resolveDatabaseConfig({ DATABASE_URL: 'postgres://db/app', [EMBEDDED_URL_ENV]: 'postgres://127.0.0.1:1/postgres' })).toEqual({
      url: 'postgres://db/app',
      kind: 'external',
    });
  });

  it('falls back to the embedded server the launcher published', () => {
    expect(resolveDatabaseConfig({ DATABASE_URL: ' ', [EMBEDDED_URL_ENV]: 'postgres://127.0.0.1:1/postgres' })).toEqual({
      url: 'postgres://127.0.0.1:1/postgres',
      kind: 'embedded',
    });
  });

  it('fails with instructions when there is no database at all', () => {
    expect(() => resolveDatabaseConfig({})).toThrow(/set DATABASE_URL .* or start the app with `npm start`/);
  });
});
