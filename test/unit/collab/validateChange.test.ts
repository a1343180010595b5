import { describe, expect, it } from 'vitest';
import { CROSS_FIELD_KEYS } from '@/collab-server/validateChange';
import { ELEMENT_SCHEMAS, connectionSchema, storeySchema } from '@/lib/model';

/** Object-level checks (superRefine / refine on the record schema itself) of a zod 4 schema. */
function objectLevelChecks(schema: unknown): number {
  return (schema as { _zod: { def: { checks?: unknown[] } } })._zod.def.checks?.length ?? 0;
}

describe('validateChange: cross-field keys', () => {
  // The server skips the whole-record check unless a listed field was written, so a schema that
  // gains a cross-field rule without a CROSS_FIELD_KEYS entry would silently stop being counted.
  it.each(Object.keys(ELEMENT_SCHEMAS))('lists the fields of element kind %s exactly when its schema has an object-level rule', (kind) => {
    const checks = objectLevelChecks(ELEMENT_SCHEMAS[kind as keyof typeof ELEMENT_SCHEMAS]);
    const listed = CROSS_FIELD_KEYS.elements[kind] ?? [];
    expect(listed.length > 0).toBe(checks > 0);
    for (const field of listed) expect(Object.keys(ELEMENT_SCHEMAS[kind as keyof typeof ELEMENT_SCHEMAS].shape)).toContain(field);
  });

  it('lists connection and storey fields exactly when their schemas have object-level rules', () => {
    expect(CROSS_FIELD_KEYS.connections.length > 0).toBe(objectLevelChecks(connectionSchema) > 0);
    expect(CROSS_FIELD_KEYS.storeys.length > 0).toBe(objectLevelChecks(storeySchema) > 0);
  });
});
