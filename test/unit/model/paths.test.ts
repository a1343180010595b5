import { describe, expect, it } from 'vitest';
import { compareNatural, formatPath, isAncestor, isValidPath, listChildren, normalizePath, parentPath, parsePath } from '@/lib/model';

describe('parsePath', () => {
  it.each([
    { path: '/electrical/circuits/2/outlet_2A', segments: ['electrical', 'circuits', '2', 'outlet_2A'] },
    { path: '/hvac', segments: ['hvac'] },
    { path: '/fire/zone-1/sprinkler.head_03', segments: ['fire', 'zone-1', 'sprinkler.head_03'] },
  ])('parses $path', ({ path, segments }) => {
    const parsed = parsePath(path);
    expect(parsed).toEqual({ ok: true, value: { path, segments, system: segments[0] } });
    expect(formatPath(segments)).toBe(path);
  });

  it.each([
    { path: '', why: 'must start with "/"' },
    { path: 'electrical/panel', why: 'must start with "/"' },
    { path: '/', why: 'at least one segment' },
    { path: '/electrical/', why: 'must not be empty' },
    { path: '/electrical//panel', why: 'must not be empty' },
    { path: '/electrical/../panel', why: 'must not be ".."' },
    { path: '/electrical/./panel', why: 'must not be "."' },
    { path: '/electrical/panel 1', why: 'may only contain' },
    { path: '/electrical/pänel', why: 'may only contain' },
    { path: '/Electrical/panel', why: 'first segment must be a system' },
    { path: '/kitchen/fridge', why: 'first segment must be a system' },
    { path: `/electrical/${'x'.repeat(65)}`, why: 'at most 64 characters' },
    { path: `/electrical${'/a'.repeat(40)}`, why: 'at most 32 segments' },
  ])('rejects "$path" ($why)', ({ path, why }) => {
    const parsed = parsePath(path);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe('invalid_path');
      expect(parsed.error.message).toContain(why);
    }
    expect(isValidPath(path)).toBe(false);
  });
});

describe('normalizePath', () => {
  it.each([
    { input: '/electrical/panel/', out: '/electrical/panel' },
    { input: 'electrical/panel', out: '/electrical/panel' },
    { input: '//electrical///panel//', out: '/electrical/panel' },
    { input: '  /hvac/ahu_1  ', out: '/hvac/ahu_1' },
    { input: '', out: '/' },
  ])('normalizes "$input" to "$out"', ({ input, out }) => {
    expect(normalizePath(input)).toBe(out);
  });

  it('is idempotent', () => {
    expect(normalizePath(normalizePath('//a//b/'))).toBe('/a/b');
  });
});

describe('ancestry', () => {
  it.each([
    { ancestor: '/electrical', path: '/electrical/circuits/2', expected: true },
    { ancestor: '/', path: '/electrical', expected: true },
    { ancestor: '/electrical/circuits/2', path: '/electrical/circuits/2', expected: false },
    { ancestor: '/electrical/circ', path: '/electrical/circuits/2', expected: false },
    { ancestor: '/electrical/circuits/2', path: '/electrical', expected: false },
  ])('isAncestor($ancestor, $path) is $expected', ({ ancestor, path, expected }) => {
    expect(isAncestor(ancestor, path)).toBe(expected);
  });

  it.each([
    { path: '/electrical/circuits/2', parent: '/electrical/circuits' },
    { path: '/electrical', parent: '/' },
    { path: '/', parent: undefined },
  ])('parentPath($path) is $parent', ({ path, parent }) => {
    expect(parentPath(path)).toBe(parent);
  });
});

describe('listChildren', () => {
  const paths = [
    '/electrical/circuits/10/outlet_1',
    '/electrical/circuits/2/outlet_2A',
    '/electrical/circuits/2/outlet_2B',
    '/electrical/circuits/1',
    '/electrical/panel_1',
    '/hvac/ahu_1',
    '/electrical/circuits/2/outlet_2A',
  ];
  it.each([
    { parent: '/', children: ['electrical', 'hvac'] },
    { parent: '/electrical', children: ['circuits', 'panel_1'] },
    { parent: '/electrical/circuits', children: ['1', '2', '10'] },
    { parent: '/electrical/circuits/2', children: ['outlet_2A', 'outlet_2B'] },
    { parent: '/electrical/circuits/1', children: [] },
    { parent: '/plumbing', children: [] },
  ])('lists the direct children of $parent', ({ parent, children }) => {
    expect(listChildren(paths, parent)).toEqual(children);
  });
});

describe('natural sort', () => {
  it.each([
    { input: ['10', '2', '1'], sorted: ['1', '2', '10'] },
    { input: ['outlet_10', 'outlet_9', 'outlet_1'], sorted: ['outlet_1', 'outlet_9', 'outlet_10'] },
    { input: ['b', 'a2', 'a10', 'a'], sorted: ['a', 'a2', 'a10', 'b'] },
    { input: ['x02', 'x2', 'x1'], sorted: ['x1', 'x02', 'x2'] },
    { input: ['99999999999999999999', '100000000000000000000'], sorted: ['99999999999999999999', '100000000000000000000'] },
  ])('sorts $input naturally', ({ input, sorted }) => {
    expect([...input].sort(compareNatural)).toEqual(sorted);
  });
});
