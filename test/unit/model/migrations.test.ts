import { describe, expect, it } from 'vitest';
import {
  CURRENT_SCHEMA_VERSION,
  SNAPSHOT_MIGRATIONS,
  migrateElementRecord,
  migrateSnapshot,
  readSchemaVersion,
  validateBuilding,
} from '@/lib/model';
import v0 from '@/test/fixtures/model/building.v0.json';

describe('the migration registry', () => {
  it('chains every version from 0 to the current one with unique ids', () => {
    const ids = SNAPSHOT_MIGRATIONS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    SNAPSHOT_MIGRATIONS.forEach((m, i) => {
      expect(m.from).toBe(i);
      expect(m.to).toBe(i + 1);
    });
    expect(SNAPSHOT_MIGRATIONS.at(-1)?.to).toBe(CURRENT_SCHEMA_VERSION);
  });
});

describe('migrateSnapshot', () => {
  it('upgrades the v0 fixture to a valid current building', () => {
    const before = JSON.stringify(v0);
    const result = migrateSnapshot(v0, readSchemaVersion(v0));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { snapshot, applied } = result.value;
    expect(applied).toEqual(['v0-to-v1-wall-a-b-equipment-system-status-meta-units']);
    expect(snapshot.meta).toMatchObject({ schemaVersion: 1, units: 'm', name: 'Demo House' });
    expect(snapshot.elements.w1).toMatchObject({ a: [0, 0], b: [6, 0] });
    expect(snapshot.elements.w1).not.toHaveProperty('start');
    expect(snapshot.elements.e1).toMatchObject({ system: 'electrical', status: 'ok' });
    expect(snapshot.elements.e1).not.toHaveProperty('systemType');
    expect(validateBuilding(snapshot).ok).toBe(true);
    expect(JSON.stringify(v0)).toBe(before); // input untouched
  });

  it('is idempotent: a current snapshot migrates to itself with nothing applied', () => {
    const first = migrateSnapshot(v0, 0);
    if (!first.ok) throw new Error(first.error.message);
    const second = migrateSnapshot(first.value.snapshot, readSchemaVersion(first.value.snapshot));
    expect(second).toEqual({ ok: true, value: { snapshot: first.value.snapshot, applied: [] } });
  });

  it('keeps already-renamed fields of a half-migrated record', () => {
    const raw = JSON.parse(JSON.stringify(v0));
    raw.elements.w1 = { ...raw.elements.w1, a: [1, 1], start: undefined };
    const result = migrateSnapshot(raw, 0);
    expect(result.ok && result.value.snapshot.elements.w1).toMatchObject({ a: [1, 1], b: [6, 0] });
  });

  it.each([
    { version: 99, code: 'unsupported_version', message: '99 is newer than this build supports (1)' },
    { version: -1, code: 'unsupported_version', message: 'must be a non-negative integer' },
    { version: 0.5, code: 'unsupported_version', message: 'must be a non-negative integer' },
    { version: Number.NaN, code: 'unsupported_version', message: 'must be a non-negative integer' },
  ])('refuses version $version', ({ version, code, message }) => {
    const result = migrateSnapshot(v0, version);
    expect(!result.ok && result.error.code).toBe(code);
    expect(!result.ok && result.error.message).toContain(message);
  });

  it('reports records that are still invalid after migration', () => {
    const raw = JSON.parse(JSON.stringify(v0));
    raw.elements.w2.thickness = 0;
    const result = migrateSnapshot(raw, 0);
    expect(!result.ok && result.error.message).toContain('elements.w2.thickness: must be greater than 0');
  });

  it.each([
    { raw: { meta: { schemaVersion: 1 } }, version: 1 },
    { raw: { meta: {} }, version: 0 },
    { raw: {}, version: 0 },
    { raw: null, version: 0 },
  ])('reads schema version $version from $raw', ({ raw, version }) => {
    expect(readSchemaVersion(raw)).toBe(version);
  });
});

describe('migrateElementRecord', () => {
  it.each([
    {
      name: 'a v0 wall',
      raw: v0.elements.w1,
      from: 0,
      expected: { a: [0, 0], b: [6, 0] },
      applied: ['wall-v0-to-v1-rename-start-end-to-a-b'],
    },
    {
      name: 'a v0 equipment',
      raw: v0.elements.e3,
      from: 0,
      expected: { system: 'hvac', status: 'ok' },
      applied: ['equipment-v0-to-v1-rename-systemType-add-status'],
    },
    { name: 'a v0 door (no changes)', raw: v0.elements.d1, from: 0, expected: { hostId: 'w1' }, applied: [] },
  ])('migrates $name', ({ raw, from, expected, applied }) => {
    const result = migrateElementRecord(raw, from);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.element).toMatchObject(expected);
      expect(result.value.applied).toEqual(applied);
    }
  });

  it('fails with a clear message for a record that cannot be upgraded', () => {
    const result = migrateElementRecord({ ...v0.elements.w1, start: undefined }, 0);
    expect(!result.ok && result.error.message).toContain('wall.a: is required');
  });
});
