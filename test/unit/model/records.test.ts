import { describe, expect, it } from 'vitest';
import {
  createConnection,
  createMeta,
  createStorey,
  metres,
  validateConnection,
  validateMeta,
  validateMetaPatch,
  validateStorey,
  validateStoreyPatch,
} from '@/lib/model';

const storey = { id: 'L0', name: 'Ground', elevation: 0, height: 3, order: 0 };
const connection = { id: 'c1', from: 'e1', to: 'e2', medium: 'power' };
const meta = { schemaVersion: 1, name: 'HQ', address: '', units: 'm', north: 0, createdAt: '2024-01-31T12:00:00Z' };

describe('storeys', () => {
  it('accepts a valid storey', () => expect(validateStorey(storey).ok).toBe(true));
  it.each([
    { patch: { height: 0 }, message: 'storey.height: must be greater than 0' },
    { patch: { order: 1.5 }, message: 'storey.order: must be an integer' },
    { patch: { elevation: Number.NaN }, message: 'storey.elevation: must be a finite number' },
    { patch: { name: undefined }, message: 'storey.name: is required' },
    { patch: { colour: 'red' }, message: 'storey.colour: is not a known field' },
  ])('rejects $message', ({ patch, message }) => {
    const input: Record<string, unknown> = { ...storey, ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete input[k];
    const result = validateStorey(input);
    expect(!result.ok && result.error).toMatchObject({ code: 'invalid_storey', message });
  });
  it('creates with defaults', () => {
    expect(createStorey({ id: 'L2', elevation: metres(6) })).toEqual({ ok: true, value: { id: 'L2', name: 'Level', elevation: 6, height: 3, order: 0 } });
  });
  it('keeps the id immutable in patches', () => {
    const result = validateStoreyPatch(storey, { id: 'L9' });
    expect(!result.ok && result.error.message).toBe('storey.id: cannot be changed');
  });
});

describe('connections', () => {
  it('accepts a valid connection', () => expect(validateConnection(connection).ok).toBe(true));
  it.each([
    { patch: { to: 'e1' }, message: 'connection.to: must differ from "from"' },
    { patch: { medium: 'love' }, message: 'connection.medium: must be one of "power"' },
    { patch: { from: '' }, message: 'connection.from: must not be empty' },
  ])('rejects $message', ({ patch, message }) => {
    const result = validateConnection({ ...connection, ...patch });
    expect(!result.ok && result.error.code).toBe('invalid_connection');
    expect(!result.ok && result.error.message).toContain(message);
  });
  it('creates with a generated id', () => {
    const result = createConnection({ from: 'a', to: 'b', medium: 'data' });
    expect(result.ok && result.value.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('meta', () => {
  it('accepts valid meta', () => expect(validateMeta(meta).ok).toBe(true));
  it.each([
    { patch: { schemaVersion: 0 }, message: 'meta.schemaVersion: must be 1 (older data must be migrated first)' },
    { patch: { units: 'ft' }, message: 'meta.units: must be "m"' },
    { patch: { name: '' }, message: 'meta.name: must not be empty' },
    { patch: { createdAt: 'yesterday' }, message: 'meta.createdAt: must be an ISO 8601 date-time' },
  ])('rejects $message', ({ patch, message }) => {
    const result = validateMeta({ ...meta, ...patch });
    expect(!result.ok && result.error.code).toBe('invalid_meta');
    expect(!result.ok && result.error.message).toContain(message);
  });
  it('accepts a date-time with an offset', () => {
    expect(validateMeta({ ...meta, createdAt: '2024-01-31T12:00:00+02:00' }).ok).toBe(true);
  });
  it('creates current-version meta with defaults', () => {
    const result = createMeta({ name: 'Annex' });
    expect(result.ok && result.value).toMatchObject({ schemaVersion: 1, name: 'Annex', address: '', units: 'm', north: 0 });
  });
  it('refuses to patch schemaVersion or units', () => {
    const result = validateMetaPatch(meta, { schemaVersion: 2, units: 'ft' });
    expect(!result.ok && result.error.message).toBe('meta.schemaVersion: cannot be changed; meta.units: cannot be changed');
  });
});
