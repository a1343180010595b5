/**
 * writeBcf → readBcf keeps what ArxOS maps (topics, comments with special characters, cameras with
 * their up vector, clipping planes, selected and hidden components, snapshots), for both versions;
 * and every official sample read → written → read keeps its counts, and in its own version its
 * topics as they were.
 */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readBcf } from '@/lib/bcf/read';
import { writeBcf } from '@/lib/bcf/write';
import type { BcfArchive, BcfTopic } from '@/lib/bcf/types';
import { TOPIC_DEFAULTS } from '@/lib/bcf/writeMarkup';
import { fullArchive, fullTopic, ORTHO_GUID, sample, TOPIC_GUID, TRICKY_TEXT, VIEWPOINT_GUID } from './bcfHelpers';
import { countsOf, SAMPLE_FILES } from './sampleTable';

/** What 2.1 cannot hold: the aspect ratio; and it writes colours in upper case. */
function as21(topic: BcfTopic): BcfTopic {
  return {
    ...topic,
    viewpoints: topic.viewpoints.map((v) => {
      const { aspectRatio: _dropped, ...camera } = v.camera!;
      return { ...v, camera, components: { ...v.components, coloring: v.components.coloring.map((c) => ({ ...c, color: c.color.toUpperCase() })) } };
    }),
  };
}

describe('writeBcf → readBcf: a topic with every part', () => {
  it('keeps the whole topic in BCF 3.0', () => {
    const archive = readBcf(writeBcf(fullArchive(), '3.0'));
    expect(archive.version).toBe('3.0');
    expect(archive.warnings).toEqual([]);
    expect(archive.topics).toEqual([fullTopic()]);
    expect(archive.project).toEqual({ id: 'arxos-building-1', name: 'Haus & Hof' });
  });

  it('keeps the whole topic in BCF 2.1, less the aspect ratio 2.1 has no place for', () => {
    const archive = readBcf(writeBcf(fullArchive(), '2.1'));
    expect(archive.version).toBe('2.1');
    expect(archive.warnings).toEqual([]);
    expect(archive.topics).toEqual([as21(fullTopic())]);
  });

  it.each(['3.0', '2.1'] as const)('BCF %s: comment text with < & " \' and a line break, the camera up vector, clipping plane, selected and hidden GUIDs, snapshot bytes', (version) => {
    const topic = readBcf(writeBcf(fullArchive(), version)).topics[0]!;
    expect(topic.comments[0]!.text).toBe(TRICKY_TEXT);
    expect(topic.title).toBe('Door <D-12> & wall "W-3" overlap');
    const [perspective, orthogonal] = topic.viewpoints;
    expect(perspective!.camera).toMatchObject({ kind: 'perspective', up: { x: -0.37, y: 0.37, z: 0.85 }, fieldOfView: 50 });
    expect(orthogonal!.camera).toMatchObject({ kind: 'orthogonal', up: { x: -1, y: 0, z: 0 }, viewToWorldScale: 12.5 });
    expect(perspective!.clippingPlanes).toEqual([{ location: { x: 0, y: 0, z: 1.2 }, direction: { x: 0, y: 0, z: 1 } }]);
    expect(perspective!.components.selection.map((c) => c.ifcGuid)).toEqual(['2O2Fr$t4X7Zf8NOew3FLOH']);
    expect(perspective!.components.visibility.exceptions.map((c) => c.ifcGuid)).toEqual(['1hOSvn6df7F8_7GcBWlRGQ', '3cUkl32yn9qRSPvBJVyWYp']);
    expect(orthogonal!.components.visibility).toMatchObject({ defaultVisibility: false, exceptions: [{ ifcGuid: '2O2Fr$t4X7Zf8NOew3FLOH' }] });
    expect(perspective!.snapshot).toEqual(fullTopic().viewpoints[0]!.snapshot);
    expect(orthogonal!.snapshot).toEqual(fullTopic().viewpoints[1]!.snapshot);
  });

  it('writes lower-case GUIDs, one folder per topic, and for 2.1 names the first viewpoint viewpoint.bcfv / snapshot.png', () => {
    const upper = { ...fullArchive(), topics: [{ ...fullTopic(), guid: TOPIC_GUID.toUpperCase() }] };
    const v3 = Object.keys(unzipSync(writeBcf(upper, '3.0'))).sort();
    expect(v3).toEqual(['bcf.version', 'extensions.xml', 'project.bcfp', `${TOPIC_GUID}/`, `${TOPIC_GUID}/${ORTHO_GUID}.bcfv`, `${TOPIC_GUID}/${ORTHO_GUID}.jpg`, `${TOPIC_GUID}/${VIEWPOINT_GUID}.bcfv`, `${TOPIC_GUID}/${VIEWPOINT_GUID}.png`, `${TOPIC_GUID}/markup.bcf`].sort());
    const v21 = Object.keys(unzipSync(writeBcf(upper, '2.1'))).sort();
    expect(v21).toEqual(['bcf.version', 'extensions.xsd', 'project.bcfp', `${TOPIC_GUID}/`, `${TOPIC_GUID}/${ORTHO_GUID}.bcfv`, `${TOPIC_GUID}/${ORTHO_GUID}.jpg`, `${TOPIC_GUID}/markup.bcf`, `${TOPIC_GUID}/snapshot.png`, `${TOPIC_GUID}/viewpoint.bcfv`].sort());
  });

  it('writes attributes as real values and escapes text (the fast-xml-parser builder gotchas)', () => {
    const files = unzipSync(writeBcf(fullArchive(), '3.0'));
    const markup = new TextDecoder().decode(files[`${TOPIC_GUID}/markup.bcf`]);
    expect(markup).toContain('<File IfcProject="0YvctVUKr0kugbFTf53O9L" IsExternal="true">');
    expect(markup).toContain('<Title>Door &lt;D-12&gt; &amp; wall &quot;W-3&quot; overlap</Title>');
    expect(markup).not.toMatch(/xmlns/);
    const visinfo = new TextDecoder().decode(files[`${TOPIC_GUID}/${VIEWPOINT_GUID}.bcfv`]);
    expect(visinfo).toContain('<Visibility DefaultVisibility="true">');
    expect(visinfo).toContain('<ViewSetupHints SpacesVisible="false" SpaceBoundariesVisible="false" OpeningsVisible="true"/>');
  });

  it('lists the types, statuses, labels, users and stages the topics use in extensions.xml', () => {
    const archive: BcfArchive = { version: '3.0', topics: [fullTopic()] };
    const extensions = readBcf(writeBcf(archive, '3.0')).extensions!;
    expect(extensions).toEqual({
      topicTypes: ['Clash'],
      topicStatuses: ['In Progress'],
      priorities: ['High'],
      topicLabels: ['Architecture', 'MEP'],
      users: ['ana@example.com', 'ben@example.com'],
      snippetTypes: [],
      stages: ['Design'],
    });
    expect(readBcf(writeBcf(archive, '2.1')).extensions).toEqual(extensions);
  });

  it('writes the same bytes for the same archive and date', () => {
    const date = new Date('2026-12-01T12:00:00Z');
    expect(writeBcf(fullArchive(), '3.0', { date })).toEqual(writeBcf(fullArchive(), '3.0', { date }));
  });

  it('gives a 2.1 camera the aspect ratio of its PNG snapshot when written as 3.0', () => {
    const from21 = readBcf(writeBcf(fullArchive(), '2.1'));
    const to3 = readBcf(writeBcf(from21, '3.0'));
    expect(to3.topics[0]!.viewpoints[0]!.camera!.aspectRatio).toBe(320 / 200);
    expect(to3.topics[0]!.viewpoints[1]!.camera!.aspectRatio).toBe(1); // a JPEG snapshot: not measured
  });

  it('writes a 3.0 viewpoint without a camera as its snapshot only (3.0 requires a camera in a .bcfv)', () => {
    const topic = fullTopic();
    const { camera: _none, ...withoutCamera } = topic.viewpoints[0]!;
    const archive = readBcf(writeBcf({ version: '3.0', topics: [{ ...topic, viewpoints: [withoutCamera] }] }, '3.0'));
    const vp = archive.topics[0]!.viewpoints[0]!;
    expect(vp.camera).toBeUndefined();
    expect(vp.snapshot).toEqual(topic.viewpoints[0]!.snapshot);
  });

  it('refuses a GUID that is not a UUID (a programming error)', () => {
    expect(() => writeBcf({ version: '3.0', topics: [{ ...fullTopic(), guid: 'wall-42' }] }, '3.0')).toThrow(RangeError);
  });
});

/**
 * A topic as it comes back: empty required values get the writer's defaults, colours are upper
 * case (2.1's pattern), and document GUIDs made up on reading 2.1 are replaced by the file name.
 */
function normalise(archive: BcfArchive): BcfTopic[] {
  const filename = new Map((archive.documents ?? []).map((d) => [d.guid, d.filename]));
  return archive.topics.map((t) => ({
    ...t,
    type: t.type || TOPIC_DEFAULTS.type,
    status: t.status || TOPIC_DEFAULTS.status,
    creationAuthor: t.creationAuthor || TOPIC_DEFAULTS.author,
    documentReferences: t.documentReferences.map((d) => ({ ...d, ...(d.documentGuid && { documentGuid: filename.get(d.documentGuid) }) })),
    viewpoints: t.viewpoints.map((v) => ({ ...v, components: { ...v.components, coloring: v.components.coloring.map((c) => ({ ...c, color: c.color.toUpperCase() })) } })),
  }));
}

describe('readBcf → writeBcf → readBcf: the official samples', () => {
  it.each(SAMPLE_FILES.flatMap((s) => (['3.0', '2.1'] as const).map((to) => ({ ...s, to }))))('$file written as BCF $to keeps its counts', ({ file, dir, to, counts }) => {
    const again = readBcf(writeBcf(readBcf(sample(dir, file)), to));
    expect(again.version).toBe(to);
    expect(countsOf(again)).toEqual(counts);
    expect(again.warnings).toEqual([]);
  });

  it.each(SAMPLE_FILES)('$file written in its own version, BCF $version, reads back with the same topics', ({ file, dir, version }) => {
    const first = readBcf(sample(dir, file));
    const again = readBcf(writeBcf(first, version));
    expect(normalise(again)).toEqual(normalise(first));
    expect(again.project).toEqual(first.project);
  });
});
