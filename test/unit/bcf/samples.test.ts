/**
 * readBcf on every official sample (shared/bcf: 15 BCF 3.0, 7 BCF 2.1), counts from the table in
 * sampleTable.ts, then the facts a viewer needs from each kind of sample.
 */
import { describe, expect, it } from 'vitest';
import { readBcf } from '@/lib/bcf/read';
import type { BcfImport } from '@/lib/bcf/types';
import { readdirSync } from 'node:fs';
import { sample, SAMPLES_21, SAMPLES_3 } from './bcfHelpers';
import { countsOf, SAMPLE_FILES } from './sampleTable';

const read3 = (file: string) => readBcf(sample(SAMPLES_3, file));
const read21 = (file: string) => readBcf(sample(SAMPLES_21, file));
const onlyViewpoint = (archive: BcfImport) => archive.topics[0]!.viewpoints[0]!;

describe('readBcf: every official sample', () => {
  it.each(SAMPLE_FILES)('reads $file as BCF $version with its topics, comments, viewpoints and snapshots, without a warning', ({ file, dir, version, counts }) => {
    const archive = readBcf(sample(dir, file));
    expect(archive.version).toBe(version);
    expect(countsOf(archive)).toEqual(counts);
    expect(archive.warnings).toEqual([]);
    for (const topic of archive.topics) {
      expect(topic.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(topic.title.length).toBeGreaterThan(0);
    }
  });

  it('has a table row for each of the 22 sample files in shared/bcf', () => {
    const files = [...readdirSync(SAMPLES_3), ...readdirSync(SAMPLES_21)].filter((f) => f.endsWith('.bcf')).sort();
    expect(SAMPLE_FILES.map((s) => s.file).sort()).toEqual(files);
    expect(files).toHaveLength(22);
  });
});

describe('readBcf: BCF 3.0 samples, facts a viewer needs', () => {
  it('orthogonal_camera: a top-down orthogonal camera, ViewToWorldScale 12.08 m, up vector (−1, 0, 0)', () => {
    const vp = onlyViewpoint(read3('orthogonal_camera.bcf'));
    expect(vp.camera).toEqual({
      kind: 'orthogonal',
      position: { x: 9.928923736113727, y: -12.825000000000015, z: 31.784224509439586 },
      direction: { x: 0, y: 0, z: -1 },
      up: { x: -1, y: 0, z: 0 },
      viewToWorldScale: 12.079612252278443,
      aspectRatio: 1.4694783573806882,
    });
    expect(vp.index).toBe(0);
    expect(vp.snapshot?.bytes.length).toBe(20900);
  });

  it('all_parts_except_one_visible: DefaultVisibility false with 36 exceptions, all from Allplan', () => {
    const { components, camera } = onlyViewpoint(read3('all_parts_except_one_visible.bcf'));
    expect(components.visibility.defaultVisibility).toBe(false);
    expect(components.visibility.exceptions).toHaveLength(36);
    expect(new Set(components.visibility.exceptions.map((c) => c.originatingSystem))).toEqual(new Set(['Allplan']));
    expect(components.visibility.exceptions[0]).toEqual({ ifcGuid: '15LX1o$dj1O8G53cOqE8W$', originatingSystem: 'Allplan' });
    expect(camera).toMatchObject({ kind: 'perspective', fieldOfView: 59.99999999999999, aspectRatio: 2.58739837398374 });
  });

  it('component_selection: 3 selected components, 2 hidden, spaces visible, an orthogonal camera', () => {
    const { components, camera } = onlyViewpoint(read3('component_selection.bcf'));
    expect(components.selection.map((c) => c.ifcGuid)).toEqual(['0KkZ20so9BsO1d1hFcfLOl', '1XbKhGD91DvhOpYZbhzGTI', '3D9pjHJ0HCnggyepvsht8s']);
    expect(components.visibility).toEqual({
      defaultVisibility: true,
      exceptions: [{ ifcGuid: '1bbI761TbBCOoIa5Kt6PXt' }, { ifcGuid: '1m5wAJelDFdhn6qBdOGjos' }],
      viewSetupHints: { spacesVisible: true, spaceBoundariesVisible: false, openingsVisible: false },
    });
    expect(camera).toMatchObject({ kind: 'orthogonal', viewToWorldScale: 18.97427487373352 });
  });

  it('Document_reference_internal: the document in documents/ by GUID, a comment linked to the viewpoint, the server id', () => {
    const archive = read3('Document_reference_internal.bcf');
    const topic = archive.topics[0]!;
    expect(archive.documents).toEqual([{ guid: 'b1d1b7f0-60b9-457d-ad12-16e0fb997bc5', filename: 'ThisIsADocument.txt', bytes: new Uint8Array(0) }]);
    expect(topic.documentReferences).toEqual([{ guid: '048e898f-555f-47c3-a273-6c664fb2ef69', documentGuid: 'b1d1b7f0-60b9-457d-ad12-16e0fb997bc5', description: 'ThisIsADocument.txt' }]);
    expect(topic.comments[0]).toMatchObject({ text: 'A comment', viewpointGuid: topic.viewpoints[0]!.guid });
    expect(topic).toMatchObject({ serverAssignedId: '6', type: 'ERROR', status: 'OPEN', assignedTo: 'OtherUser@doe.com' });
    expect(topic.headerFiles).toHaveLength(2);
    expect(topic.viewpoints[0]!.snapshot).toMatchObject({ mime: 'image/png' });
    expect(topic.viewpoints[0]!.snapshot!.bytes.length).toBe(102753);
    expect(archive.project).toEqual({ id: 'de894a86-3a08-4ea0-b2d1-6c222b5602d1', name: 'BCF 3.0 test cases' });
    expect(archive.extensions?.topicStatuses).toEqual(['OPEN', 'IN_PROGRESS', 'SOLVED', 'CLOSED']);
  });

  it.each(['DueDate.bcf', 'Milestone.bcf'])('%s: reads extensions.xml although its Stages come before SnippetTypes (against the XSD)', (file) => {
    const archive = read3(file);
    expect(archive.extensions?.stages).toEqual(['February']);
    expect(archive.extensions?.topicLabels).toEqual(['Architects', 'Engineers']);
  });

  it('DueDate and Milestone: the due date, the stage, a comment with no text that links its viewpoint', () => {
    expect(read3('DueDate.bcf').topics[0]!.dueDate).toBe('2021-03-15T11:00:00.000Z');
    const milestone = read3('Milestone.bcf').topics[0]!;
    expect(milestone.stage).toBe('February');
    expect(milestone.comments[0]).toEqual({ guid: 'c0ea7456-e0cb-4def-b580-085b09b19e0b', date: '2021-02-17T09:27:28.186Z', author: 'Architect@example.com', text: '', viewpointGuid: 'dfaf354b-e5a4-4208-9c73-1761bd84eae9' });
  });

  it('Related_topics: topic B names the other topic of the archive', () => {
    const archive = read3('Related_topics_with_both_topics_in_the_same_file.bcf');
    const b = archive.topics.find((t) => t.title === 'Related topic B')!;
    expect(b.relatedTopics).toEqual(['c69c8879-bd4a-4182-a759-f3c8c5b47c94']);
    expect(archive.topics.map((t) => t.guid)).toContain(b.relatedTopics[0]);
  });

  it('single_invisible_wall: the topic GUID comes from the markup, not from its folder name (they differ)', () => {
    expect(read3('single_invisible_wall.bcf').topics[0]!.guid).toBe('d5121f1c-11e0-4f25-9d23-7ace76853a8f');
  });

  it('Minimum_information: the floor an importer must accept', () => {
    const archive = read3('Minimum_information.bcf');
    expect(archive.project).toBeUndefined();
    expect(archive.topics[0]).toEqual({
      guid: 'b0ddb128-a997-44c1-8ad8-59492daa5f6b', type: 'ERROR', status: 'OPEN', title: 'Minimum information', labels: [],
      creationDate: '2021-02-17T09:16:36.674Z', creationAuthor: 'Architect@example.com',
      referenceLinks: [], relatedTopics: [], documentReferences: [], headerFiles: [], comments: [], viewpoints: [],
    });
  });

  it('all_components_and_spaces_visible: spaces shown, nothing hidden, a 36° field of view', () => {
    const vp = onlyViewpoint(read3('all_components_and_spaces_visible.bcf'));
    expect(vp.components.visibility).toEqual({ defaultVisibility: true, exceptions: [], viewSetupHints: { spacesVisible: true, spaceBoundariesVisible: false, openingsVisible: false } });
    expect(vp.camera).toMatchObject({ kind: 'perspective', fieldOfView: 35.98339777135764, up: { x: -0.11551066488027573, y: 0.4962271451950073, z: 0.8604742288589478 } });
  });
});

describe('readBcf: BCF 2.1 samples', () => {
  it('MaximumInformation: upper-case GUIDs made lower-case, labels, links, snippet, documents, 4 comments, 3 viewpoints', () => {
    const archive = read21('MaximumInformation.bcf');
    const topic = archive.topics.find((t) => t.guid === '63e78882-7c6a-4bf7-8982-fc478afb9c97')!;
    expect(topic).toMatchObject({ type: 'Structural', status: 'Open', priority: 'High', index: 0, labels: ['Structural', 'IT Development'], referenceLinks: ['https://bim--it.net'], relatedTopics: ['5019d939-62a4-45d9-b205-fab602c98fe8'] });
    expect(topic.bimSnippet).toMatchObject({ snippetType: 'JSON', isExternal: false, reference: 'JsonElement.json' });
    expect(topic.bimSnippet?.bytes?.length).toBe(83);
    expect(topic.documentReferences[0]).toMatchObject({ url: 'https://github.com/BuildingSMART/BCF-XML', description: 'GitHub BCF Specification' });
    const markupXsd = archive.documents!.find((d) => d.guid === topic.documentReferences[1]!.documentGuid)!;
    expect(markupXsd).toMatchObject({ filename: 'markup.xsd' });
    expect(markupXsd.bytes?.length).toBe(6837);
    expect(topic.comments.map((c) => c.viewpointGuid)).toEqual([undefined, undefined, '8dc86298-9737-40b4-a448-98a9e953293a', undefined]);
    expect(topic.comments[3]).toMatchObject({ modifiedAuthor: 'dangl@iabi.eu', modifiedDate: '2015-08-31T16:07:11Z' });
    const first = topic.viewpoints[0]!;
    expect(first.clippingPlanes).toHaveLength(2);
    expect(first.lines).toHaveLength(3);
    expect(first.components.selection).toHaveLength(5);
    expect(first.components.visibility.exceptions).toHaveLength(5);
    expect(first.components.coloring).toEqual([{ color: '3498db', components: [{ ifcGuid: '0fdpeZZEX3FwJ7x0ox5kzF' }, { ifcGuid: '23Zwlpd71EyvHlH6OZ77nK' }, { ifcGuid: '1OpjQ1Nlv4sQuTxfUC_8zS' }, { ifcGuid: '0cSRUx$EX1NRjqiKcYQ$a0' }] }]);
    expect(first.camera).toMatchObject({ kind: 'perspective', fieldOfView: 60 });
    expect(first.camera!.aspectRatio).toBeUndefined();
    expect(topic.viewpoints[1]!.components.visibility.defaultVisibility).toBe(false);
  });

  it('MaximumInformation: the extensions come from extensions.xsd; the referenced topic has no author and no type', () => {
    const archive = read21('MaximumInformation.bcf');
    expect(archive.project).toEqual({ id: 'F338B6F0-A93E-40FF-A4D6-6117CD21EC2A', name: 'BCF API Implementation' });
    expect(archive.extensions).toMatchObject({ topicTypes: ['Architecture', 'Hidden Type', 'Structural'], users: ['dangl@iabi.eu', 'linhard@iabi.eu'], stages: [] });
    const referenced = archive.topics.find((t) => t.title === 'Referenced topic')!;
    expect(referenced).toMatchObject({ guid: '5019d939-62a4-45d9-b205-fab602c98fe8', type: '', status: '', creationAuthor: '' });
  });

  it('ComponentSelection: 3 selected components; ViewSetupHints under Components (2.1) read', () => {
    const { components } = onlyViewpoint(read21('ComponentSelection.bcf'));
    expect(components.selection.map((c) => c.ifcGuid)).toEqual(['1GU8BMEqHBQxVAbwRD$4Jj', '0AQJSsoeDDvwVqSNcwjy55', '3DOu_tSXP6evQgY8Ml4CtC']);
    expect(components.visibility).toEqual({ defaultVisibility: true, exceptions: [], viewSetupHints: { spacesVisible: false, spaceBoundariesVisible: false, openingsVisible: true } });
  });

  it('OrthogonalCamera: top-down, up (0, 1, 0), scale 1; no Components means everything visible', () => {
    const vp = onlyViewpoint(read21('OrthogonalCamera.bcf'));
    expect(vp.camera).toEqual({ kind: 'orthogonal', position: { x: 0, y: 0, z: 100 }, direction: { x: 0, y: 0, z: -1 }, up: { x: 0, y: 1, z: 0 }, viewToWorldScale: 1 });
    expect(vp.components).toEqual({ selection: [], visibility: { defaultVisibility: true, exceptions: [] }, coloring: [] });
  });

  it('PerspectiveCamera: the camera with its up vector, no aspect ratio (2.1 has none)', () => {
    expect(onlyViewpoint(read21('PerspectiveCamera.bcf')).camera).toEqual({
      kind: 'perspective',
      position: { x: 19.1479514688529, y: -22.614447888675, z: 18.3473354318386 },
      direction: { x: -0.548840699373907, y: 0.560081664635821, z: -0.620550099642406 },
      up: { x: -0.0698737081383148, y: 0.0713048104294571, z: 0.995004165278026 },
      fieldOfView: 60,
    });
  });

  it('SingleVisibleWall: viewpoint.bcfv / snapshot.png, a VisualizationInfo without Guid, Catenda\'s <RelatedTopics Guid>, comments without text', () => {
    const topic = read21('SingleVisibleWall.bcf').topics[0]!;
    const vp = topic.viewpoints[0]!;
    expect(vp.guid).toBe('96604a56-c32d-49a9-9e81-70bc1c961568');
    expect(vp.components.visibility).toMatchObject({ defaultVisibility: false, exceptions: [{ ifcGuid: '1E8YkwPMfB$h99jtn_uAjI', originatingSystem: 'https://bimsync.com' }] });
    expect(vp.snapshot?.bytes.length).toBe(10548);
    expect(topic.relatedTopics).toEqual(['7c365689-6a65-4e07-bb90-7f834fa595d1']);
    expect(topic.comments.map((c) => [c.text, c.viewpointGuid])).toEqual([['', undefined], ['', vp.guid]]);
  });

  it('UserAssignment: the assignee and its one comment', () => {
    const topic = read21('UserAssignment.bcf').topics[0]!;
    expect(topic.assignedTo).toBe('jon.anders.sollien@catenda.no');
    expect(topic.comments).toHaveLength(1);
  });
});
