/**
 * The wire check of server edits (lib/doc/docEditSchema.ts): what it lets through and what it
 * refuses, with where and why, including hostile shapes (deep nesting, huge arrays, stray keys).
 */
import { describe, expect, it } from 'vitest';
import { checkDocEdit, docEditSchema, MAX_DOC_VALUE_DEPTH } from '@/lib/doc/docEditSchema';

const set = (value: unknown, path: unknown = ['elements', 'e1']) => ({ op: 'set', path, value });
/** `{map: {a: {map: …}}}` `depth` levels deep around a `{json: 1}`. */
const maps = (depth: number): unknown => (depth === 0 ? { json: 1 } : { map: { a: maps(depth - 1) } });
/** `[[[…1…]]]` `depth` arrays deep. */
const arrays = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

describe('docEditSchema', () => {
  it('lets through the edits an import sends: records as maps with nested props, JSON fields, text, arrays, deletes', () => {
    const record = {
      map: {
        id: { json: 'e1' },
        kind: { json: 'wall' },
        a: { json: [0, 1.5] },
        polygon: { json: [[0, 0], [4, 0], [4, 3]] },
        ifc: { json: { globalId: '2O2Fr$t4X7Zf8NOew3FLOH', type: 'IfcWall' } },
        props: { map: { 'Pset_WallCommon.IsExternal': { json: true }, 'Dimensions.Length': { json: 5.2 }, 'Identity.Mark': { json: null } } },
        notes: { text: 'a note' },
        list: { array: [{ json: 1 }, { map: {} }] },
      },
    };
    for (const edit of [set(record), { op: 'delete', path: ['elements', 'e1'] }, set({ json: 'x' }, ['meta', 'name']), set(maps(MAX_DOC_VALUE_DEPTH - 1))]) {
      expect(checkDocEdit(edit)).toBeUndefined();
      expect(docEditSchema.safeParse(edit).success).toBe(true);
    }
  });

  it.each([
    ['not an object', 'x', [], /an edit must be an object/],
    ['an unknown op', { op: 'move', path: ['meta', 'name'] }, ['op'], /op must be "set" or "delete"/],
    ['a stray key', { ...set({ json: 1 }), extra: 1 }, ['extra'], /unknown key "extra" in a set edit/],
    ['a value on a delete', { op: 'delete', path: ['meta', 'name'], value: { json: 1 } }, ['value'], /unknown key "value" in a delete edit/],
    ['a path of one key', set({ json: 1 }, ['meta']), ['path'], /path must have 2 to 8 keys/],
    ['a path of nine keys', set({ json: 1 }, Array.from({ length: 9 }, () => 'k')), ['path'], /path must have 2 to 8 keys/],
    ['an empty key', set({ json: 1 }, ['meta', '']), ['path', 1], /1 to 256 characters/],
    ['a number as key', set({ json: 1 }, ['meta', 7]), ['path', 1], /a key must be a string/],
    ['a 257-character key', set({ json: 1 }, ['meta', 'k'.repeat(257)]), ['path', 1], /1 to 256 characters/],
    ['a value with two forms', set({ json: 1, text: 'x' }), ['value'], /exactly one of map, array, text or json \(it has json, text\)/],
    ['a value with none', set({}), ['value'], /\(it has none\)/],
    ['an unknown form', set({ yarray: [] }), ['value'], /\(not yarray\)/],
    ['a bare JSON value', set(5), ['value'], /a value must be an object/],
    ['text that is not a string', set({ text: 5 }), ['value', 'text'], /text must be a string/],
    ['a map that is an array', set({ map: [] }), ['value', 'map'], /map must be an object/],
    ['an empty key in a map', set({ map: { '': { json: 1 } } }), ['value', 'map', ''], /1 to 256 characters/],
    ['a bad value deep in props', set({ map: { props: { map: { x: { json: 1 }, y: { json: Infinity } } } } }), ['value', 'map', 'props', 'map', 'y', 'json'], /finite/],
    ['json with a function', set({ json: { f: () => 1 } }), ['value', 'json', 'f'], /not a JSON value \(function\)/],
    ['maps nested too deep', set(maps(40)), ['value', ...Array.from({ length: MAX_DOC_VALUE_DEPTH + 1 }, () => ['map', 'a']).flat()], /nested deeper than 16 levels/],
  ])('refuses %s, saying where and why', (_what, edit, path, message) => {
    const problem = checkDocEdit(edit);
    expect(problem?.path).toEqual(path);
    expect(problem?.message).toMatch(message);
    const parsed = docEditSchema.safeParse(edit);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path, message: expect.stringMatching(message) });
  });

  it('refuses JSON nested 100,000 arrays deep without running out of stack, at the 17th level', () => {
    const problem = checkDocEdit(set({ json: arrays(100_000) }));
    expect(problem?.message).toBe(`nested deeper than ${MAX_DOC_VALUE_DEPTH} levels`);
    expect(problem?.path.length).toBeLessThan(2 + MAX_DOC_VALUE_DEPTH + 2);
  });

  it('lets through a wide import: 200 records of 500 properties each', () => {
    const props = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`Pset.P${i}`, { json: i % 2 === 0 ? `value ${i}` : i }]));
    const edits = Array.from({ length: 200 }, (_, i) => set({ map: { id: { json: `e${i}` }, props: { map: props } } }, ['elements', `e${i}`]));
    expect(edits.every((e) => checkDocEdit(e) === undefined)).toBe(true);
  });
});
