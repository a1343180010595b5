/** User properties (`props`) are checked by hand (propsIssues), not by zod: every case in words. */
import { describe, expect, it } from 'vitest';
import { propsIssues, propsSchema } from '@/lib/model/elements/base';
import { createElement, validateElement } from '@/lib/model';

const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));

describe('props', () => {
  it.each<{ name: string; value: unknown; issues: { path: string; message: string }[] }>([
    { name: 'empty', value: {}, issues: [] },
    { name: 'string, number and boolean', value: { 'Pset_WallCommon.IsExternal': true, 'Qto.Width': 0.2, Note: 'x' }, issues: [] },
    { name: 'a null-prototype object', value: Object.assign(Object.create(null) as object, { a: 1 }), issues: [] },
    { name: '500 entries', value: many(500), issues: [] },
    { name: 'a 10,000-character string', value: { a: 'y'.repeat(10_000) }, issues: [] },
    { name: 'missing', value: undefined, issues: [{ path: '', message: 'is required' }] },
    { name: 'null', value: null, issues: [{ path: '', message: 'must be an object, got null' }] },
    { name: 'a number', value: 3, issues: [{ path: '', message: 'must be an object, got 3' }] },
    { name: 'an array', value: [1], issues: [{ path: '', message: 'must be an object, got an array' }] },
    { name: 'a Map', value: new Map([['a', 1]]), issues: [{ path: '', message: 'must be an object, got object' }] },
    { name: '501 entries', value: many(501), issues: [{ path: '', message: 'must have at most 500 properties' }] },
    { name: 'an empty name', value: { '': 1 }, issues: [{ path: '', message: 'has a property with an empty name' }] },
    { name: 'a 201-character name', value: { ['x'.repeat(201)]: 1 }, issues: [{ path: '', message: 'has a property name longer than 200 characters' }] },
    { name: 'NaN', value: { a: Number.NaN }, issues: [{ path: 'a', message: 'must be a finite number' }] },
    { name: 'Infinity', value: { a: Number.POSITIVE_INFINITY }, issues: [{ path: 'a', message: 'must be a finite number' }] },
    { name: 'null value', value: { a: null }, issues: [{ path: 'a', message: 'must be a string, a number or a boolean, got null' }] },
    { name: 'nested object', value: { a: { b: 1 } }, issues: [{ path: 'a', message: 'must be a string, a number or a boolean, got object' }] },
    { name: 'array value', value: { a: [1] }, issues: [{ path: 'a', message: 'must be a string, a number or a boolean, got an array' }] },
    { name: 'undefined value', value: { a: 1, b: undefined }, issues: [{ path: 'b', message: 'is required' }] },
    { name: 'a bigint', value: { a: 1n }, issues: [{ path: 'a', message: 'must be a string, a number or a boolean, got bigint' }] },
    { name: 'a 10,001-character string', value: { a: 'y'.repeat(10_001) }, issues: [{ path: 'a', message: 'must be at most 10000 characters' }] },
    { name: 'two problems', value: { '': 1, ok: Number.NaN }, issues: [{ path: '', message: 'has a property with an empty name' }, { path: 'ok', message: 'must be a finite number' }] },
  ])('$name', ({ value, issues }) => {
    expect(propsIssues(value)).toEqual(issues);
    expect(propsSchema.safeParse(value).success).toBe(issues.length === 0);
  });

  it('names the props field in an element’s error', () => {
    const wall = createElement('wall', { storeyId: 's', a: [0, 0], b: [1, 0] } as never);
    if (!wall.ok) throw new Error(wall.error.message);
    const bad = validateElement({ ...wall.value, props: { '': 2, ok: Number.NaN } });
    expect(!bad.ok && bad.error.issues).toEqual([
      { path: 'props', message: 'has a property with an empty name' },
      { path: 'props.ok', message: 'must be a finite number' },
    ]);
    expect(validateElement({ ...wall.value, props: { 'Pset.Fire': 'EI60' } }).ok).toBe(true);
  });
});
