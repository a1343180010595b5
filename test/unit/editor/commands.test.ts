import { describe, expect, it } from 'vitest';
import { formatKey, keyOf, splitKey } from '@/components/editor/commands';

const press = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => keyOf({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('command keys', () => {
  it.each([
    ['z', { ctrlKey: true }, 'mod+z'],
    ['Z', { metaKey: true, shiftKey: true }, 'mod+shift+z'],
    ['?', { shiftKey: true }, '?'],
    ['+', { shiftKey: true }, '+'],
    [' ', {}, 'space'],
    ['Delete', {}, 'delete'],
    ['R', { shiftKey: true }, 'shift+r'],
    ['Shift', { shiftKey: true }, undefined],
  ] as const)('the key %s with %o is %s', (key, mods, expected) => {
    expect(press(key, mods)).toBe(expected);
  });

  it.each([
    ['mod+shift+z', ['mod', 'shift', 'z']],
    ['+', ['+']],
    ['mod++', ['mod', '+']],
    ['-', ['-']],
    ['?', ['?']],
  ])('splits %s into %o', (key, parts) => {
    expect(splitKey(key)).toEqual(parts);
  });

  it.each([
    ['mod+c', false, 'Ctrl+C'],
    ['mod+shift+z', false, 'Ctrl+Shift+Z'],
    ['mod+c', true, '⌘C'],
    ['+', false, '+'],
    ['=', false, '='],
    ['arrowleft', false, '←'],
    ['delete', false, 'Delete'],
    ['?', false, '?'],
  ] as const)('shows %s (mac %s) as %s', (key, mac, shown) => {
    expect(formatKey(key, mac)).toBe(shown);
  });
});
