import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { globalIdOf, hashedIfcGuid, ifcGuidToUuid, isIfcGuid, isUuid, sha256, uuidToIfcGuid } from '@/lib/ifc/guid';

describe('IFC GlobalId codec', () => {
  it('round-trips 10,000 random UUIDs through 22-character GlobalIds', () => {
    for (let i = 0; i < 10_000; i++) {
      const uuid = randomUUID();
      const guid = uuidToIfcGuid(uuid);
      expect(isIfcGuid(guid)).toBe(true);
      expect(ifcGuidToUuid(guid)).toBe(uuid);
    }
  });

  it('matches known pairs: web-ifc ids, the nil UUID and the largest one', () => {
    expect(ifcGuidToUuid('3RQF$wcYP9Ug6UaqsBsXW$')).toBe('db68fffa-9a26-497a-a19e-934d8bda183f');
    expect(uuidToIfcGuid('db68fffa-9a26-497a-a19e-934d8bda183f')).toBe('3RQF$wcYP9Ug6UaqsBsXW$');
    expect(uuidToIfcGuid('DB68FFFA-9A26-497A-A19E-934D8BDA183F')).toBe('3RQF$wcYP9Ug6UaqsBsXW$');
    expect(uuidToIfcGuid('00000000-0000-0000-0000-000000000000')).toBe('0000000000000000000000');
    expect(uuidToIfcGuid('ffffffff-ffff-ffff-ffff-ffffffffffff')).toBe('3$$$$$$$$$$$$$$$$$$$$$');
    expect(ifcGuidToUuid('0000000000000000000001')).toBe('00000000-0000-0000-0000-000000000001');
  });

  it('rejects strings that are not GlobalIds or UUIDs', () => {
    for (const bad of ['', 'short', '4RQF$wcYP9Ug6UaqsBsXW$', '3RQF$wcYP9Ug6UaqsBsXW', '3RQF$wcYP9Ug6UaqsBsXW$$', '3RQF-wcYP9Ug6UaqsBsXW$', '3RQF wcYP9Ug6UaqsBsXW$']) {
      expect(isIfcGuid(bad)).toBe(false);
      expect(() => ifcGuidToUuid(bad)).toThrow(/not an IFC GlobalId/);
    }
    for (const bad of ['', 'gf-wall-s', 'db68fffa9a26497aa19e934d8bda183f', 'db68fffa-9a26-497a-a19e-934d8bda183', 'zb68fffa-9a26-497a-a19e-934d8bda183f']) {
      expect(isUuid(bad)).toBe(false);
      expect(() => uuidToIfcGuid(bad)).toThrow(/not a UUID/);
    }
  });
});

describe('globalIdOf', () => {
  const uuid = 'db68fffa-9a26-497a-a19e-934d8bda183f';

  it('keeps the GlobalId of an element imported from IFC', () => {
    expect(globalIdOf({ id: uuid, ifc: { globalId: '2O2Fr$t4X7Zf8NOew3FLOH' } })).toBe('2O2Fr$t4X7Zf8NOew3FLOH');
  });

  it('compresses a UUID id, and ignores a malformed imported GlobalId', () => {
    expect(globalIdOf({ id: uuid })).toBe('3RQF$wcYP9Ug6UaqsBsXW$');
    expect(globalIdOf({ id: uuid, ifc: { globalId: 'short' } })).toBe('3RQF$wcYP9Ug6UaqsBsXW$');
  });

  it('derives any other id from the SHA-256 of "arxos:" + id, as a version-8 UUID, the same every time', () => {
    const id = 'gf-wall-s';
    const guid = globalIdOf({ id });
    expect(guid).toBe(globalIdOf({ id }));
    expect(guid).toBe(hashedIfcGuid(id));
    expect(isIfcGuid(guid)).toBe(true);
    const expected = createHash('sha256').update(`arxos:${id}`).digest();
    expected[6] = (expected[6]! & 0x0f) | 0x80;
    expected[8] = (expected[8]! & 0x3f) | 0x80;
    expect(ifcGuidToUuid(guid).replace(/-/g, '')).toBe(expected.subarray(0, 16).toString('hex'));
    expect(ifcGuidToUuid(guid)[14]).toBe('8');
    expect(globalIdOf({ id: 'gf-wall-n' })).not.toBe(guid);
  });

  it('gives 10,000 distinct ids 10,000 distinct GlobalIds', () => {
    const guids = new Set(Array.from({ length: 10_000 }, (_, i) => globalIdOf({ id: `element-${i}` })));
    expect(guids.size).toBe(10_000);
  });
});

describe('sha256', () => {
  it('matches node:crypto on empty, short, block-boundary, multi-block and non-ASCII input', () => {
    const inputs = ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(1000), 'Küche € 台所'];
    for (const input of inputs) {
      const bytes = new TextEncoder().encode(input);
      expect(Buffer.from(sha256(bytes)).toString('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });
});
