/**
 * What the IFC reader does with input it cannot take over whole: an IfcImportError with a code
 * and a sentence for files that cannot be imported at all, and a partial import with warnings
 * for files web-ifc opens but that have broken parts (shared/ifc/malformed, notes/ifc.md 3).
 * Also: cancelling, the size limit, and that no model is left open.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readIfc } from '@/lib/ifc/read';
import { IfcImportError } from '@/lib/ifc/types';
import { WarningLog } from '@/lib/ifc/readWarnings';
import { loadIfcApi } from '@/lib/ifc/webIfc';
import { expectSound, importError, ofKind, sample, SAMPLES } from './readHelpers';

const text = (s: string) => new TextEncoder().encode(s);
const malformed = (name: string) => sample(`malformed/${name}`);
const houseText = () => readFileSync(`${SAMPLES}IfcOpenHouse_IFC4.ifc`, 'latin1');

describe('readIfc: the files in shared/ifc/malformed', () => {
  it('imports cyclic-placement.ifc partly: its proxy, on a made-up storey, with the broken placement reported', async () => {
    const result = await readIfc(malformed('cyclic-placement.ifc'));
    expect(result.counts).toEqual({ storeys: 1, object: 1 });
    expect(result.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['no_storey', 'placement']));
    expect(result.warnings.find((w) => w.code === 'placement')!.message).toMatch(/^object #23 'Regression': its placement could not be resolved \(web-ifc: .*Cyclic or excessively deep placement 22\)/);
    expectSound(result);
  });

  it('imports missing-placement.ifc partly: its proxy, with the dangling placement reported', async () => {
    const result = await readIfc(malformed('missing-placement.ifc'));
    expect(result.counts).toEqual({ storeys: 1, object: 1 });
    expect(result.warnings.filter((w) => w.code === 'placement').map((w) => w.message).join('\n')).toMatch(/Invalid ExpressID 999999/);
    expectSound(result);
  });

  it('imports invalid-index.ifc partly: its proxy without a shape, saying web-ifc could not mesh it', async () => {
    const result = await readIfc(malformed('invalid-index.ifc'));
    expect(result.counts).toEqual({ storeys: 1, object: 1 });
    expect(ofKind(result, 'object')[0]!.asset).toBeUndefined();
    expect(result.warnings.map((w) => w.message).join('\n')).toMatch(/Invalid triangulated face index/);
    expect(result.warnings.some((w) => w.code === 'no_geometry')).toBe(true);
    expectSound(result, { everyPlacedHasAsset: false });
  });

  it.each(['unterminated-comment.ifc', 'unterminated-string.ifc'])('rejects %s, a STEP fragment without the ISO-10303-21 header, as not IFC', async (name) => {
    const error = await importError(readIfc(malformed(name)));
    expect(error.code).toBe('not_ifc');
    expect(error.message).toBe('This is not an IFC file: it does not start with ISO-10303-21.');
  });
});

describe('readIfc: files that cannot be imported', () => {
  it.each([
    { what: 'an empty file', bytes: () => new Uint8Array(0), code: 'not_ifc', message: /^The file is empty\.$/ },
    { what: 'a PNG renamed .ifc', bytes: () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]), code: 'not_ifc', message: /^This is not an IFC file: it does not start with ISO-10303-21 \(it is a PNG image\)\.$/ },
    { what: 'plain text', bytes: () => text('hello world\n'), code: 'not_ifc', message: /^This is not an IFC file: it does not start with ISO-10303-21\.$/ },
    { what: 'an .ifczip', bytes: () => new Uint8Array([0x50, 0x4b, 3, 4, 20, 0, 0, 0]), code: 'not_ifc', message: /unzip it/ },
    { what: 'AC20-FZK-Haus cut in half', bytes: () => { const b = sample('AC20-FZK-Haus.ifc'); return b.slice(0, b.length / 2); }, code: 'truncated', message: /^The file is cut off: it does not end with END-ISO-10303-21; \(was the upload or download interrupted\?\)$/ },
    { what: 'a file whose header has no FILE_SCHEMA', bytes: () => text(houseText().replace(/FILE_SCHEMA\([^;]*;/, '')), code: 'unsupported_schema', message: /no FILE_SCHEMA/ },
    { what: 'an IFC5 file', bytes: () => text(houseText().replace("FILE_SCHEMA(('IFC4'));", "FILE_SCHEMA(('IFC5'));")), code: 'unsupported_schema', message: /"IFC5"; IFC2X3, IFC4 and IFC4X3 can be imported/ },
    { what: 'a whole file with an unterminated string in its data', bytes: () => text(houseText().replace(/^DATA;$/m, "DATA;\n#999999=IFCLABEL('unfinished);")), code: 'broken', message: /^The file could not be read: Unterminated STEP string/ },
    { what: 'a header without data', bytes: () => text(`${houseText().slice(0, houseText().indexOf('DATA;'))}DATA;\nENDSEC;\nEND-ISO-10303-21;\n`), code: 'empty_model', message: /no IfcProject/ },
  ])('rejects $what with $code', async ({ bytes, code, message }) => {
    const error = await importError(readIfc(bytes()));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('rejects a file over maxBytes before reading it', async () => {
    const error = await importError(readIfc(sample('IfcOpenHouse_IFC4.ifc'), { maxBytes: 100_000 }));
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/^The file is 0\.\d MB; files up to 0\.1 MB can be imported\.$/);
  });
});

describe('readIfc: what follows the end of a file', () => {
  it('imports a whole file with something written after its END-ISO-10303-21; (a line of dashes, a comment), as it would without', async () => {
    const plain = await readIfc(sample('IfcOpenHouse_IFC4.ifc'));
    const result = await readIfc(text(`${houseText().trimEnd()}\n${'-'.repeat(40)}\n/* signed: someone */\n\n`));
    expect(result.counts).toEqual(plain.counts);
    expect(result.warnings).toEqual(plain.warnings);
  });

  it('still calls a file cut just before its end cut off', async () => {
    const whole = houseText().trimEnd();
    const error = await importError(readIfc(text(`${whole.slice(0, whole.lastIndexOf('END-ISO-10303-21;') - 8)}`)));
    expect(error.code).toBe('truncated');
  });
});

describe('readIfc: one bad product costs one element', () => {
  it('leaves out a wall whose shape is missing, keeps the other three, and says why', async () => {
    const broken = houseText().replace("'North wall',$,$,#220,#197,", "'North wall',$,$,#220,#999998,");
    const result = await readIfc(text(broken));
    expect(ofKind(result, 'wall').map((w) => w.name).sort()).toEqual(['East wall', 'South wall', 'West wall']);
    expect(result.warnings).toContainEqual({ code: 'no_geometry', message: "wall #221 'North wall' has neither an Axis nor a mesh; it was left out.", line: 221 });
    expectSound(result);
  });

  it('gives a product with an invalid GlobalId a new one', async () => {
    const broken = houseText().replace("'3g46_woBL6sugXeY5_WP6n',#5,'South wall'", "'short',#5,'South wall'");
    const result = await readIfc(text(broken));
    expect(result.warnings.find((w) => w.code === 'global_id')!.message).toMatch(/^wall #40 'South wall' has an invalid GlobalId "short"; it was given a new one, [0-3][0-9A-Za-z_$]{21}\.$/);
    expectSound(result);
  });
});

describe('import warnings', () => {
  it('drops repeats and keeps 50 per code, then says how many more there were', () => {
    const log = new WarningLog();
    for (let i = 0; i < 60; i++) log.add('web_ifc', `web-ifc: line ${i}`);
    log.add('web_ifc', 'web-ifc: line 1');
    log.add('no_host', 'window #1 has no host relation', 1);
    const list = log.list();
    expect(list.filter((w) => w.code === 'web_ifc')).toHaveLength(51);
    expect(list[list.length - 1]).toEqual({ code: 'web_ifc', message: '… and 10 more like this.' });
    expect(list).toContainEqual({ code: 'no_host', message: 'window #1 has no host relation', line: 1 });
  });
});

describe('readIfc: cancelling', () => {
  const openModels = async () => {
    const api = await loadIfcApi();
    return Array.from({ length: 64 }, (_, id) => id).filter((id) => api.IsModelOpen(id));
  };

  it('throws cancelled for a signal aborted before it starts', async () => {
    const error = await importError(readIfc(sample('IfcOpenHouse_IFC4.ifc'), { signal: AbortSignal.abort() }));
    expect(error.code).toBe('cancelled');
  });

  it('stops at the next check when cancelled while meshing, and leaves no model open', async () => {
    const controller = new AbortController();
    const phases: string[] = [];
    const error = await importError(
      readIfc(sample('duplex.ifc'), {
        signal: controller.signal,
        onProgress: (p) => {
          phases.push(p.phase);
          if (p.phase === 'geometry' && p.done > 0) controller.abort();
        },
      }),
    );
    expect(error).toBeInstanceOf(IfcImportError);
    expect(error.code).toBe('cancelled');
    expect(error.message).toBe('The import was cancelled.');
    expect(phases).toContain('geometry');
    expect(await openModels()).toEqual([]);
    // The shared reader still works.
    expect((await readIfc(sample('IfcOpenHouse_IFC4.ifc'))).counts.wall).toBe(4);
    expect(await openModels()).toEqual([]);
  });
});
