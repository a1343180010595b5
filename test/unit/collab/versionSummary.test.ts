/** versionSummary: elements added, removed and changed since the previous version, from the change rows (SPEC.md rule 24). */
import { describe, expect, it } from 'vitest';
import { summarizeChanges } from '@/collab-server/versionSummary';
import type { AttributedChange } from '@/lib/doc';

const c = (recordId: string, action: AttributedChange['action'], collection = 'elements'): AttributedChange => ({ collection, recordId, action, fields: action === 'delete' ? [] : ['name'], userId: 'u' });

describe('summarizeChanges', () => {
  it.each<{ name: string; changes: AttributedChange[]; now: string[]; expected: { added: number; removed: number; changed: number } }>([
    { name: 'nothing', changes: [], now: ['w1'], expected: { added: 0, removed: 0, changed: 0 } },
    { name: 'an element added', changes: [c('w2', 'create')], now: ['w1', 'w2'], expected: { added: 1, removed: 0, changed: 0 } },
    { name: 'added, then edited: still added', changes: [c('w2', 'update'), c('w2', 'create')], now: ['w2'], expected: { added: 1, removed: 0, changed: 0 } },
    { name: 'added, then deleted: nothing', changes: [c('w2', 'delete'), c('w2', 'create')], now: [], expected: { added: 0, removed: 0, changed: 0 } },
    { name: 'edited twice: changed once', changes: [c('w1', 'update'), c('w1', 'update')], now: ['w1'], expected: { added: 0, removed: 0, changed: 1 } },
    { name: 'edited, then deleted: removed', changes: [c('w1', 'delete'), c('w1', 'update')], now: [], expected: { added: 0, removed: 1, changed: 0 } },
    { name: 'deleted, then restored: changed', changes: [c('w1', 'create'), c('w1', 'delete')], now: ['w1'], expected: { added: 0, removed: 0, changed: 1 } },
    { name: 'storeys and meta do not count', changes: [c('L0', 'update', 'storeys'), c('', 'update', 'meta')], now: [], expected: { added: 0, removed: 0, changed: 0 } },
  ])('$name', ({ changes, now, expected }) => {
    expect(summarizeChanges(changes, (id) => now.includes(id))).toEqual(expected);
  });
});
