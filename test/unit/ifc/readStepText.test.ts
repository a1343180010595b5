import { existsSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import * as W from 'web-ifc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StepText } from '@/lib/ifc/readStepText';
import { sample, SAMPLES } from './readHelpers';

/**
 * StepText reads lines from the file's text instead of through web-ifc's wasm boundary, and must
 * give exactly the object web-ifc's GetLine gives, or nothing (then web-ifc reads the line).
 * Every line of every sample file is compared, and hand-written lines cover each rule.
 */
const api = new W.IfcAPI();
const open: number[] = [];

beforeAll(async () => {
  await api.Init();
});

afterAll(() => {
  for (const id of open) api.CloseModel(id);
});

function openModel(bytes: Uint8Array): { modelID: number; text: StepText } {
  const modelID = api.OpenModel(bytes, { COORDINATE_TO_ORIGIN: false });
  expect(modelID).toBeGreaterThanOrEqual(0);
  open.push(modelID);
  const text = StepText.open(api, modelID, bytes);
  if (text === undefined) throw new Error('no StepText for this schema');
  return { modelID, text };
}

/** Every line's express id, as web-ifc knows them. */
function allLines(modelID: number): number[] {
  const vector = api.GetAllLines(modelID);
  return Array.from({ length: vector.size() }, (_, i) => vector.get(i));
}

/** The same line as web-ifc's: equal values and the same classes all the way down. */
function sameAsWebIfc(modelID: number, id: number, mine: unknown): boolean {
  const theirs: unknown = api.GetLine(modelID, id);
  const sameClasses = (a: unknown, b: unknown): boolean => {
    if (a === null || typeof a !== 'object') return true;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    return Object.keys(a).every((k) => sameClasses((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  };
  return isDeepStrictEqual(mine, theirs) && sameClasses(mine, theirs);
}

describe('StepText on the sample files', () => {
  // Architectural.ifc (Allplan) wraps its lines at 80 characters, references first on a text line.
  for (const name of ['AC20-FZK-Haus.ifc', 'duplex.ifc', 'IfcOpenHouse_IFC4.ifc', 'Architectural.ifc']) {
    it.runIf(name !== 'Architectural.ifc' || existsSync(`${SAMPLES}${name}`))(`reads every line of ${name} exactly as web-ifc does`, () => {
      const { modelID, text } = openModel(sample(name));
      const ids = allLines(modelID);
      const differ: number[] = [];
      let read = 0;
      for (const id of ids) {
        const line = text.line(id);
        if (line === undefined) continue;
        read++;
        if (!sameAsWebIfc(modelID, id, line)) differ.push(id);
      }
      expect(differ).toEqual([]);
      expect(read).toBe(ids.length);
    });
  }
});

describe('StepText rules', () => {
  const lines = [
    /* 1 */ "IFCPROPERTYSINGLEVALUE('It''s',$,IFCLABEL('a\\\\b'),$)",
    /* 2 */ "IFCPROPERTYSINGLEVALUE('Gr\\X2\\00FC\\X0\\n',$,IFCBOOLEAN(.T.),$)",
    /* 3 */ "IFCPROPERTYSINGLEVALUE('x',$,IFCLOGICAL(.U.),$)",
    /* 4 */ "IFCPROPERTYSINGLEVALUE('x',$,IFCINTEGER(-42),$)",
    /* 5 */ "IFCPROPERTYSINGLEVALUE('x',$,IFCREAL(-1.5E-05),$)",
    /* 6 */ "IFCPROPERTYENUMERATEDVALUE('x',$,(IFCLABEL('a'),IFCLABEL('b')),$)",
    /* 7 */ 'IFCCARTESIANPOINT((0.,-2.5,3.))',
    /* 8 */ 'IFCSIUNIT(*,.LENGTHUNIT.,.MILLI.,.METRE.)',
    /* 9 */ "IFCPROPERTYSINGLEVALUE( 'spaced' , $ ,\n  IFCTEXT( 'x' ) , $ )",
    // Left to web-ifc: \S\ and \X\ escapes, a \X4\ one, a byte outside ASCII, a comment, a lower-case exponent, a + sign.
    /* 10 */ "IFCPROPERTYSINGLEVALUE('\\S\\D',$,$,$)",
    /* 11 */ "IFCPROPERTYSINGLEVALUE('\\X\\E9',$,$,$)",
    /* 12 */ "IFCPROPERTYSINGLEVALUE('\\X4\\0001F600\\X0\\',$,$,$)",
    /* 13 */ "IFCPROPERTYSINGLEVALUE('caf\u00e9',$,$,$)",
    /* 14 */ "IFCPROPERTYSINGLEVALUE('x',/* note */$,$,$)",
    /* 15 */ "IFCPROPERTYSINGLEVALUE('x',$,IFCREAL(1e5),$)",
    /* 16 */ "IFCPROPERTYSINGLEVALUE('x',$,IFCREAL(+1.5),$)",
  ];
  const LEFT_TO_WEB_IFC = [10, 11, 12, 13, 14, 15, 16];

  function file(body: string): Uint8Array {
    const text = [
      'ISO-10303-21;',
      'HEADER;',
      "FILE_DESCRIPTION(('ViewDefinition [ReferenceView]'),'2;1');",
      "FILE_NAME('t.ifc','2026-12-01T00:00:00',(''),(''),'t','t','');",
      "FILE_SCHEMA(('IFC4'));",
      'ENDSEC;',
      'DATA;',
      body,
      'ENDSEC;',
      'END-ISO-10303-21;',
    ].join('\n');
    // latin1: one byte per character, as in a file an old exporter wrote.
    return Uint8Array.from(text, (c) => c.charCodeAt(0));
  }

  it('reads strings, escapes, typed values, enumerations, numbers, lists and derived attributes as web-ifc does', () => {
    const { modelID, text } = openModel(file(lines.map((l, i) => `#${i + 1}=${l};`).join('\n')));
    lines.forEach((_, i) => {
      const id = i + 1;
      const line = text.line(id);
      if (LEFT_TO_WEB_IFC.includes(id)) expect(line, `#${id}`).toBeUndefined();
      else expect(line !== undefined && sameAsWebIfc(modelID, id, line), `#${id}`).toBe(true);
    });
    expect(text.line(1)).toMatchObject({ Name: { value: "It's" }, NominalValue: { value: 'a\\b' } });
    expect(text.line(2)).toMatchObject({ Name: { value: 'Grün' }, NominalValue: { value: true } });
  });

  it('leaves to web-ifc lines that do not start a text line, lines found twice, and lines whose entity web-ifc types otherwise', () => {
    const body = [
      "#1=IFCPROPERTYSINGLEVALUE('a',$,$,$);#2=IFCPROPERTYSINGLEVALUE('b',$,$,$);",
      "#3=IFCPROPERTYSINGLEVALUE('c',$,$,$);",
      // A string that looks like a line start: #3 is then found twice.
      "#4=IFCPROPERTYSINGLEVALUE('d\n#3=IFCPROPERTYSINGLEVALUE(''e'',$,$,$);',$,$,$);",
      "#5=IFCPROPERTYSINGLEVALUE('f',$,$,$);",
    ].join('\n');
    const { modelID, text } = openModel(file(body));
    expect(text.line(1)).toBeDefined();
    expect(text.line(2)).toBeUndefined();
    expect(text.line(3)).toBeUndefined();
    expect(text.line(4)).toBeUndefined();
    expect(sameAsWebIfc(modelID, 5, text.line(5))).toBe(true);
    expect(text.line(99)).toBeUndefined();
  });
});
