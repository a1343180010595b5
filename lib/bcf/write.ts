/**
 * `writeBcf`: a {@link BcfArchive} → a .bcfzip, BCF 3.0 or 2.1, every XML part valid against that
 * version's XSDs (test/unit/bcf/xsd.test.ts checks with xmllint). Layout: bcf.version; 3.0
 * extensions.xml (required) or, for 2.1, extensions.xsd named by project.bcfp; project.bcfp when
 * there is a project; 3.0 documents.xml + documents/<guid>; one folder per topic with markup.bcf,
 * `<viewpoint guid>.bcfv` and its snapshot. For 2.1 a topic's first viewpoint is `viewpoint.bcfv` /
 * `snapshot.png` (BIMcollab expects that name).
 */
import { zipSync, type Zippable } from 'fflate';
import { writeExtensionsXml, writeExtensionsXsd } from './writeExtensions';
import { markupXml, type TopicFiles, type ViewpointFiles } from './writeMarkup';
import { visinfoXml } from './writeVisinfo';
import type { BcfArchive, BcfDocument, BcfTopic, BcfVersion, BcfViewpoint } from './types';
import { buildXml } from './xml';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Snapshots and bitmaps are stored: PNG and JPEG are compressed already. */
const STORED = { level: 0 } as const;

export interface WriteBcfOptions {
  /** The files' modification time in the zip. Default: now. Fix it for byte-identical output. */
  readonly date?: Date;
}

/**
 * Writes `archive` as BCF `version`. GUIDs are written in lower case; one that is not a UUID is a
 * programming error (RangeError), as is a non-finite number or a required date that is not one.
 */
export function writeBcf(archive: BcfArchive, version: BcfVersion, options: WriteBcfOptions = {}): Uint8Array {
  const v3 = version === '3.0';
  const topics = archive.topics.map(lowercaseGuids);
  const documents = (archive.documents ?? []).map((d) => ({ ...d, guid: uuid(d.guid, `document ${d.filename}`) }));
  const files: Zippable = {};
  const text = (root: Record<string, unknown>) => new TextEncoder().encode(buildXml(root));

  files['bcf.version'] = text({ Version: { '@VersionId': version, ...(!v3 && { DetailedVersion: version }) } });
  if (v3) {
    files['extensions.xml'] = text(writeExtensionsXml(archive.extensions, topics));
    if (archive.project) files['project.bcfp'] = text({ ProjectInfo: { Project: projectXml(archive) } });
    const stored = documents.filter((d) => d.bytes);
    if (stored.length > 0) {
      files['documents.xml'] = text({ DocumentInfo: { Documents: { Document: stored.map((d) => ({ '@Guid': d.guid, Filename: d.filename, ...(d.description?.trim() && { Description: d.description }) })) } } });
      files['documents'] = Object.fromEntries(stored.map((d) => [d.guid, [d.bytes!, STORED]]));
    }
  } else {
    files['extensions.xsd'] = new TextEncoder().encode(writeExtensionsXsd(archive.extensions, topics));
    files['project.bcfp'] = text({ ProjectExtension: { ...(archive.project && { Project: projectXml(archive) }), ExtensionSchema: 'extensions.xsd' } });
  }
  const byGuid = new Map(documents.map((d) => [d.guid, d]));
  for (const topic of topics) files[topic.guid] = topicFolder(topic, version, byGuid);
  return zipSync(files, { level: 6, ...(options.date && { mtime: options.date }) });
}

function topicFolder(topic: BcfTopic, version: BcfVersion, documents: ReadonlyMap<string, BcfDocument>): Zippable {
  const folder: Zippable = {};
  const taken = new Set(['markup.bcf']);
  const claim = (wanted: string, guid: string) => {
    const name = wanted.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_') || guid;
    const unique = taken.has(name.toLowerCase()) ? `${guid}_${name}` : name;
    taken.add(unique.toLowerCase());
    return unique;
  };
  const viewpointFiles = new Map<string, ViewpointFiles>();
  topic.viewpoints.forEach((vp, i) => {
    const legacy = version === '2.1' && i === 0;
    const snapshotExt = vp.snapshot?.mime === 'image/jpeg' ? 'jpg' : 'png';
    // 3.0 requires a camera in a .bcfv: a viewpoint without one is written as its snapshot only.
    const visinfo = version === '2.1' || vp.camera ? claim(legacy ? 'viewpoint.bcfv' : `${vp.guid}.bcfv`, vp.guid) : undefined;
    const snapshot = vp.snapshot ? claim(legacy ? `snapshot.${snapshotExt}` : `${vp.guid}.${snapshotExt}`, vp.guid) : undefined;
    viewpointFiles.set(vp.guid, { ...(visinfo && { visinfo }), ...(snapshot && { snapshot }) });
    if (visinfo) folder[visinfo] = new TextEncoder().encode(buildXml(visinfoXml(vp, version, aspectOf(vp))));
    if (snapshot && vp.snapshot) folder[snapshot] = [vp.snapshot.bytes, STORED];
    for (const bitmap of vp.bitmaps) {
      if (bitmap.bytes && !/^[a-z][a-z0-9+.-]*:/i.test(bitmap.reference) && !taken.has(bitmap.reference.toLowerCase())) {
        folder[claim(bitmap.reference, vp.guid)] = [bitmap.bytes, STORED];
      }
    }
  });
  const snippet = topic.bimSnippet;
  if (snippet?.bytes && !snippet.isExternal && !taken.has(snippet.reference.toLowerCase())) folder[claim(snippet.reference, topic.guid)] = snippet.bytes;
  const documentFiles = new Map<string, string>();
  if (version === '2.1') {
    for (const ref of topic.documentReferences) {
      const doc = ref.documentGuid === undefined ? undefined : documents.get(ref.documentGuid);
      if (!doc?.bytes || documentFiles.has(doc.guid)) continue;
      const name = claim(doc.filename, doc.guid);
      folder[name] = doc.bytes;
      documentFiles.set(doc.guid, name);
    }
  }
  const files: TopicFiles = { viewpoints: viewpointFiles, documents: documentFiles };
  folder['markup.bcf'] = new TextEncoder().encode(buildXml(markupXml(topic, version, files)));
  return folder;
}

function projectXml(archive: BcfArchive): Record<string, unknown> {
  const project = archive.project!;
  const name = project.name?.trim() ? { Name: project.name } : {};
  return { '@ProjectId': project.id.trim() || 'unknown', ...name };
}

/** The aspect ratio 3.0 requires when the camera has none (read from 2.1): the snapshot's, else 1. */
function aspectOf(vp: BcfViewpoint): number {
  const png = vp.snapshot?.mime === 'image/png' ? vp.snapshot.bytes : undefined;
  if (png && png.length >= 24) {
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    const width = view.getUint32(16);
    const height = view.getUint32(20);
    if (width > 0 && height > 0) return width / height;
  }
  return 1;
}

function lowercaseGuids(topic: BcfTopic): BcfTopic {
  const g = (raw: string, what: string) => uuid(raw, `${what} of topic ${topic.guid}`);
  return {
    ...topic,
    guid: uuid(topic.guid, 'topic'),
    relatedTopics: topic.relatedTopics.map((r) => g(r, 'a related topic')),
    documentReferences: topic.documentReferences.map((d) => ({ ...d, guid: g(d.guid, 'a document reference'), ...(d.documentGuid !== undefined && { documentGuid: g(d.documentGuid, 'a document') }) })),
    comments: topic.comments.map((c) => ({ ...c, guid: g(c.guid, 'a comment'), ...(c.viewpointGuid !== undefined && { viewpointGuid: g(c.viewpointGuid, 'the viewpoint of a comment') }) })),
    viewpoints: topic.viewpoints.map((v) => ({ ...v, guid: g(v.guid, 'a viewpoint') })),
  };
}

function uuid(raw: string, what: string): string {
  const lower = raw.toLowerCase();
  if (!UUID.test(lower)) throw new RangeError(`writeBcf: the GUID of ${what} is "${raw}", not a UUID`);
  return lower;
}
