/**
 * What readBcf refuses, each with its code and a sentence that names the problem, and what it
 * tolerates from real tools with a warning instead. The zip bombs are made by hand (bcfHelpers):
 * 300 MB of zeros in 1.9 MB, declared honestly or as 1 KB; both must be refused in well under a
 * second, without unpacking them.
 */
import { inflateRawSync } from 'node:zlib';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readBcf } from '@/lib/bcf/read';
import { deflatedZeros, importError, rawZip, sample, SAMPLES_21, SAMPLES_3, tinyPng } from './bcfHelpers';

const TOPIC = '5a1f0e2d-3c4b-4a59-8687-a7b6c5d4e3f2';
const VIEWPOINT = 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e';
const VERSION_3 = '<?xml version="1.0" encoding="UTF-8"?><Version VersionId="3.0"/>';

function markup3(inner = '', topicAttributes = `Guid="${TOPIC}" TopicType="Issue" TopicStatus="Open"`): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Markup><Topic ${topicAttributes}><Title>T</Title><CreationDate>2026-01-01T00:00:00Z</CreationDate><CreationAuthor>a@b.c</CreationAuthor>${inner}</Topic></Markup>`;
}

/** A zip of text files (and bytes). */
function zip(files: Record<string, string | Uint8Array>): Uint8Array {
  const tree: Zippable = {};
  for (const [path, content] of Object.entries(files)) tree[path] = typeof content === 'string' ? strToU8(content) : content;
  return zipSync(tree);
}

const MARKUP_PATH = `${TOPIC}/markup.bcf`;
const BOMB_SIZE = 258 * 1_220_000 + 1; // 314,760,001 bytes of zeros

describe('readBcf refuses, with a code and a sentence', () => {
  it.each([
    { what: 'a PNG renamed .bcf', bytes: () => tinyPng(), code: 'not_zip', message: /^The file is not a BCF archive: it is not a zip file \(it is a PNG image\)\.$/ },
    { what: 'an IFC file renamed .bcf', bytes: () => strToU8('ISO-10303-21;\nHEADER;'), code: 'not_zip', message: /^The file is not a BCF archive: it is not a zip file \(it is an IFC model: import it as a model\)\.$/ },
    { what: 'an empty file', bytes: () => new Uint8Array(0), code: 'empty', message: /^The file is empty\.$/ },
    { what: 'an empty zip', bytes: () => zipSync({}), code: 'empty', message: /^The file is an empty zip archive: it holds no BCF topics\.$/ },
    { what: 'a zip without markup', bytes: () => zip({ 'readme.txt': 'hello', 'photos/a.png': tinyPng() }), code: 'no_markup', message: /^The file is a zip archive but not BCF: no folder in it has a markup\.bcf\.$/ },
    { what: 'a BCF archive without topics', bytes: () => zip({ 'bcf.version': VERSION_3 }), code: 'no_markup', message: /^The BCF archive holds no topics \(no folder has a markup\.bcf\)\.$/ },
    { what: 'a markup that is not well-formed XML', bytes: () => zip({ 'bcf.version': VERSION_3, [MARKUP_PATH]: markup3('<Description>open</Labels>') }), code: 'broken_xml', message: new RegExp(`^The archive cannot be read: the markup\\.bcf of topic ${TOPIC} is not well-formed XML: Expected closing tag 'Description' .*\\(line 1\\)$`) },
    { what: 'a viewpoint file that is not XML at all', bytes: () => zip({ 'bcf.version': VERSION_3, [MARKUP_PATH]: markup3(`<Viewpoints><ViewPoint Guid="${VIEWPOINT}"><Viewpoint>v.bcfv</Viewpoint></ViewPoint></Viewpoints>`), [`${TOPIC}/v.bcfv`]: 'not xml' }), code: 'broken_xml', message: new RegExp(`^The archive cannot be read: the viewpoint file ${TOPIC}/v\\.bcfv of topic ${TOPIC} is not well-formed XML: `) },
    { what: 'BCF 1.0', bytes: () => zip({ 'bcf.version': '<Version VersionId="1.0"/>', [MARKUP_PATH]: markup3() }), code: 'unsupported_version', message: /^The archive is BCF version "1\.0"; BCF 2\.1 and 3\.0 can be imported\.$/ },
    { what: 'an archive cut in half', bytes: () => { const b = sample(SAMPLES_3, 'orthogonal_camera.bcf'); return b.slice(0, b.length >> 1); }, code: 'not_zip', message: /^The archive is cut off: its zip directory is missing \(was the upload or download interrupted\?\)$/ },
  ])('$what: $code', ({ bytes, code, message }) => {
    const error = importError(() => readBcf(bytes()));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('a file over the size limit: too_large, before anything is unpacked', () => {
    const error = importError(() => readBcf(sample(SAMPLES_3, 'Document_reference_internal.bcf'), { maxBytes: 50 * 1024 }));
    expect(error.code).toBe('too_large');
    expect(error.message).toBe('The file is 99 KB; BCF files up to 50 KB can be imported.');
  });

  it('an archive with more files than allowed: too_large', () => {
    const error = importError(() => readBcf(sample(SAMPLES_3, 'Document_reference_internal.bcf'), { maxEntries: 5 }));
    expect(error.code).toBe('too_large');
    expect(error.message).toBe('The archive holds 10 files; archives of up to 5 files can be imported.');
  });

  it('the zip bomb is real: the hand-made deflate stream unpacks to zeros', () => {
    const small = inflateRawSync(deflatedZeros(258 * 100 + 1));
    expect(small.length).toBe(25801);
    expect(small.every((b) => b === 0)).toBe(true);
  });

  it('a zip bomb that declares its 300 MB: zip_bomb, refused before unpacking', () => {
    const bomb = rawZip([
      { name: 'bcf.version', data: strToU8(VERSION_3), method: 0, declaredSize: VERSION_3.length },
      { name: MARKUP_PATH, data: deflatedZeros(BOMB_SIZE), method: 8, declaredSize: BOMB_SIZE },
    ]);
    expect(bomb.length).toBeLessThan(2.1 * 1024 * 1024);
    const started = performance.now();
    const error = importError(() => readBcf(bomb));
    expect(performance.now() - started).toBeLessThan(500);
    expect(error.code).toBe('zip_bomb');
    expect(error.message).toBe(`The archive is refused as a possible zip bomb: ${MARKUP_PATH} would unpack to 300 MB, more than the 256 MB left of what can be read.`);
  });

  it('a zip bomb that declares 1 KB and unpacks to 300 MB: zip_bomb, stopped at its declared size', () => {
    const bomb = rawZip([{ name: MARKUP_PATH, data: deflatedZeros(BOMB_SIZE), method: 8, declaredSize: 1024 }]);
    const started = performance.now();
    const error = importError(() => readBcf(bomb));
    expect(performance.now() - started).toBeLessThan(500);
    expect(error.code).toBe('zip_bomb');
    expect(error.message).toBe(`The archive is refused as a possible zip bomb: ${MARKUP_PATH} unpacks to more than the 1,024 bytes it declares.`);
  });

  it('parts that together unpack to more than maxUncompressedBytes: zip_bomb', () => {
    const error = importError(() => readBcf(sample(SAMPLES_3, 'Document_reference_internal.bcf'), { maxUncompressedBytes: 50_000 }));
    expect(error.code).toBe('zip_bomb');
    expect(error.message).toMatch(/Snapshot_20ad2ff7-ceac-4d4b-b288-ad92a0f65182\.png would unpack to 101 KB, more than the \d+ KB left of what can be read\.$/);
  });
});

describe('readBcf tolerates what real tools write, and says so', () => {
  const viewpointList = `<Viewpoints><ViewPoint Guid="${VIEWPOINT}"><Viewpoint>v.bcfv</Viewpoint><Snapshot>s.png</Snapshot></ViewPoint></Viewpoints>`;

  it('a viewpoint without a camera (Solibri\'s empty VisualizationInfo): no camera, the model shown as it is', () => {
    const archive = readBcf(zip({ 'bcf.version': VERSION_3, [MARKUP_PATH]: markup3(viewpointList), [`${TOPIC}/v.bcfv`]: `<VisualizationInfo Guid="${VIEWPOINT}"/>`, [`${TOPIC}/s.png`]: tinyPng() }));
    const vp = archive.topics[0]!.viewpoints[0]!;
    expect(vp.camera).toBeUndefined();
    expect(vp.components.visibility).toEqual({ defaultVisibility: true, exceptions: [] });
    expect(vp.snapshot?.mime).toBe('image/png');
    expect(archive.warnings).toEqual([]);
  });

  it('no extensions.xml and no bcf.version: the version from the layout, with a warning', () => {
    const archive = readBcf(zip({ [MARKUP_PATH]: markup3(`<Comments><Comment Guid="${VIEWPOINT}"><Date>2026-01-01T00:00:00Z</Date><Author>a</Author><Comment>x</Comment></Comment></Comments>`) }));
    expect(archive.version).toBe('3.0');
    expect(archive.extensions).toBeUndefined();
    expect(archive.warnings.map((w) => w.code)).toEqual(['no_version']);
    const v21 = readBcf(zip({ [MARKUP_PATH]: markup3().replace('</Markup>', `<Comment Guid="${VIEWPOINT}"><Date>2026-01-01T00:00:00Z</Date><Author>a</Author><Comment>x</Comment></Comment></Markup>`) }));
    expect(v21.version).toBe('2.1');
    expect(v21.topics[0]!.comments).toHaveLength(1);
  });

  it('the legacy bcf.extensions file', () => {
    const archive = readBcf(zip({ 'bcf.version': VERSION_3, 'bcf.extensions': '<Extensions><TopicTypes><TopicType>Clash</TopicType></TopicTypes></Extensions>', [MARKUP_PATH]: markup3() }));
    expect(archive.extensions?.topicTypes).toEqual(['Clash']);
  });

  it('a broken extensions.xml is skipped with a warning; the topics are read', () => {
    const archive = readBcf(zip({ 'bcf.version': VERSION_3, 'extensions.xml': '<Extensions><TopicTypes></Extensions>', [MARKUP_PATH]: markup3() }));
    expect(archive.topics).toHaveLength(1);
    expect(archive.warnings).toEqual([expect.objectContaining({ code: 'broken_part', message: expect.stringMatching(/^Extensions\.xml is not well-formed XML: .*; it was skipped\.$/) })]);
  });

  it('BCF 2.0 is read as 2.1', () => {
    const archive = readBcf(zip({ 'bcf.version': '<Version VersionId="2.0"/>', [MARKUP_PATH]: markup3() }));
    expect(archive.version).toBe('2.1');
    expect(archive.warnings.map((w) => w.code)).toEqual(['version_2_0']);
  });

  it('BCF 1.0\'s unlisted viewpoint.bcfv / snapshot.png in the topic folder', () => {
    const archive = readBcf(zip({ [MARKUP_PATH]: markup3(), [`${TOPIC}/viewpoint.bcfv`]: `<VisualizationInfo Guid="${VIEWPOINT}"><PerspectiveCamera><CameraViewPoint><X>1</X><Y>2</Y><Z>3</Z></CameraViewPoint><CameraDirection><X>0</X><Y>1</Y><Z>0</Z></CameraDirection><CameraUpVector><X>0</X><Y>0</Y><Z>1</Z></CameraUpVector><FieldOfView>60</FieldOfView></PerspectiveCamera></VisualizationInfo>`, [`${TOPIC}/snapshot.png`]: tinyPng() }));
    const vp = archive.topics[0]!.viewpoints[0]!;
    expect(vp).toMatchObject({ guid: VIEWPOINT, camera: { kind: 'perspective', position: { x: 1, y: 2, z: 3 } }, snapshot: { mime: 'image/png' } });
    expect(archive.warnings.map((w) => w.code)).toContain('legacy_viewpoint');
  });

  it('follows the markup\'s file names, whatever they are and in any case, and never guesses by pattern', () => {
    const archive = readBcf(zip({ 'bcf.version': VERSION_3, [MARKUP_PATH]: markup3(viewpointList), [`${TOPIC}/V.BCFV`]: `<VisualizationInfo Guid="${VIEWPOINT}"/>`, [`${TOPIC}/S.png`]: tinyPng(), [`${TOPIC}/other.bcfv`]: '<broken' }));
    expect(archive.topics[0]!.viewpoints).toHaveLength(1);
    expect(archive.topics[0]!.viewpoints[0]!.snapshot?.mime).toBe('image/png');
  });

  it('a missing viewpoint file and a snapshot that is not an image: the viewpoint kept, each reported', () => {
    const archive = readBcf(zip({ 'bcf.version': VERSION_3, [MARKUP_PATH]: markup3(viewpointList), [`${TOPIC}/s.png`]: strToU8('GIF89a not really') }));
    const vp = archive.topics[0]!.viewpoints[0]!;
    expect(vp.camera).toBeUndefined();
    expect(vp.snapshot).toBeUndefined();
    expect(archive.warnings.map((w) => [w.code, w.topicGuid])).toEqual([['missing_file', TOPIC], ['snapshot', TOPIC]]);
  });

  it('the documents folder in any case (the README says Documents/, the sample documents/)', () => {
    const doc = 'd0c00000-0000-4000-8000-000000000001';
    const archive = readBcf(zip({ 'bcf.version': VERSION_3, 'documents.xml': `<DocumentInfo><Documents><Document Guid="${doc}"><Filename>a.txt</Filename></Document></Documents></DocumentInfo>`, [`Documents/${doc}`]: 'hello', [MARKUP_PATH]: markup3() }));
    expect(archive.documents).toEqual([{ guid: doc, filename: 'a.txt', bytes: strToU8('hello') }]);
  });

  it('decodes character references (&#10;, &#xE9;) and does not expand DOCTYPE entities', () => {
    const body = `<Comments><Comment Guid="${VIEWPOINT}"><Date>2026-01-01T00:00:00Z</Date><Author>a</Author><Comment>line&#10;caf&#xE9; &amp; &lt;b&gt; &e;</Comment></Comment></Comments>`;
    const doctype = '<?xml version="1.0"?><!DOCTYPE Markup [<!ENTITY e "EXPANDED">]>';
    const archive = readBcf(zip({ 'bcf.version': VERSION_3, [MARKUP_PATH]: markup3(body).replace(/^<\?xml[^>]*>/, doctype) }));
    expect(archive.topics[0]!.comments[0]!.text).toBe('line\ncafé & <b> &e;');
  });

  it('a markup in UTF-16 with a byte-order mark', () => {
    const text = markup3().replace('<Title>T</Title>', '<Title>Tür</Title>').replace('encoding="UTF-8"', 'encoding="UTF-16"');
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + i * 2] = text.charCodeAt(i);
    expect(readBcf(zip({ 'bcf.version': VERSION_3, [MARKUP_PATH]: utf16 })).topics[0]!.title).toBe('Tür');
  });

  it('keeps an IfcGuid made only of digits as text', () => {
    const visinfo = `<VisualizationInfo Guid="${VIEWPOINT}"><Components><Selection><Component IfcGuid="1234567890123456789012"/></Selection></Components></VisualizationInfo>`;
    const archive = readBcf(zip({ 'bcf.version': VERSION_3, [MARKUP_PATH]: markup3(viewpointList), [`${TOPIC}/v.bcfv`]: visinfo, [`${TOPIC}/s.png`]: tinyPng() }));
    expect(archive.topics[0]!.viewpoints[0]!.components.selection).toEqual([{ ifcGuid: '1234567890123456789012' }]);
  });

  it('a GUID that is not a UUID is replaced, and references to it follow', () => {
    const body = `<Comments><Comment Guid="c1"><Date>2026-01-01T00:00:00Z</Date><Author>a</Author><Viewpoint Guid="VP-1"/></Comment></Comments><Viewpoints><ViewPoint Guid="VP-1"><Snapshot>s.png</Snapshot></ViewPoint></Viewpoints>`;
    const archive = readBcf(zip({ 'bcf.version': VERSION_3, [MARKUP_PATH]: markup3(body), [`${TOPIC}/s.png`]: tinyPng() }));
    const topic = archive.topics[0]!;
    expect(topic.comments[0]!.viewpointGuid).toBe(topic.viewpoints[0]!.guid);
    expect(topic.viewpoints[0]!.guid).toMatch(/^[0-9a-f-]{36}$/);
    expect(archive.warnings.filter((w) => w.code === 'guid')).toHaveLength(2);
  });

  it('the 2.1 samples\' upper-case topic folders and GUIDs', () => {
    const archive = readBcf(sample(SAMPLES_21, 'MinimumInformation.bcf'));
    expect(archive.topics[0]!.guid).toBe('9898de65-c0ce-414b-857e-1df97ffaed8d');
  });
});
