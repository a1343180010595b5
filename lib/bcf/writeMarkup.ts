/**
 * A {@link BcfTopic} → the Markup element of its markup.bcf, children in the order of the
 * version's markup.xsd sequence. 3.0 wraps lists (Header/Files, ReferenceLinks, Labels,
 * DocumentReferences, RelatedTopics) and keeps Comments and Viewpoints inside Topic; 2.1 repeats
 * the elements and puts Comment and Viewpoints after Topic, spells `isExternal` in lower case and
 * has no ServerAssignedId. Values a version requires but the topic lacks get the defaults in
 * {@link TOPIC_DEFAULTS}.
 */
import type { BcfComment, BcfDocumentReference, BcfTopic, BcfVersion } from './types';

/** What is written where a required value is empty (2.1 files may leave them out). */
export const TOPIC_DEFAULTS = { type: 'Issue', status: 'Open', author: 'unknown', title: 'Untitled' } as const;

/** xs:dateTime (the time zone is optional). */
const DATE_TIME = /^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$/;
const IFC_GUID = /^[0-9A-Za-z_$]{22}$/;

/** File names chosen for one viewpoint, relative to the topic folder. */
export interface ViewpointFiles {
  readonly visinfo?: string;
  readonly snapshot?: string;
}

/** Where the topic's parts were written: viewpoint files by viewpoint GUID, 2.1 document files by document GUID. */
export interface TopicFiles {
  readonly viewpoints: ReadonlyMap<string, ViewpointFiles>;
  readonly documents: ReadonlyMap<string, string>;
}

export function markupXml(topic: BcfTopic, version: BcfVersion, files: TopicFiles): Record<string, unknown> {
  const v3 = version === '3.0';
  const headerFiles = topic.headerFiles.map((f) => ({
    ...(f.ifcProject && IFC_GUID.test(f.ifcProject) && { '@IfcProject': f.ifcProject }),
    ...(f.ifcSpatialStructureElement && IFC_GUID.test(f.ifcSpatialStructureElement) && { '@IfcSpatialStructureElement': f.ifcSpatialStructureElement }),
    [v3 ? '@IsExternal' : '@isExternal']: String(f.isExternal),
    ...opt('Filename', f.filename),
    ...opt('Date', date(f.date)),
    ...opt('Reference', f.reference),
  }));
  const comments = topic.comments.map((c) => commentXml(c, v3));
  const viewpoints = topic.viewpoints.map((vp) => ({
    '@Guid': vp.guid,
    ...opt('Viewpoint', files.viewpoints.get(vp.guid)?.visinfo),
    ...opt('Snapshot', files.viewpoints.get(vp.guid)?.snapshot),
    ...(vp.index !== undefined && Number.isInteger(vp.index) && { Index: String(vp.index) }),
  }));
  const header = headerFiles.length === 0 ? {} : { Header: v3 ? { Files: { File: headerFiles } } : { File: headerFiles } };
  return {
    Markup: {
      ...header,
      Topic: topicXml(topic, v3, files, comments, viewpoints),
      ...(!v3 && comments.length > 0 && { Comment: comments }),
      ...(!v3 && viewpoints.length > 0 && { Viewpoints: viewpoints }),
    },
  };
}

function topicXml(topic: BcfTopic, v3: boolean, files: TopicFiles, comments: object[], viewpoints: object[]): Record<string, unknown> {
  const links = topic.referenceLinks.filter(isNonBlank);
  const labels = topic.labels.filter(isNonBlank);
  const references = topic.documentReferences.map((d) => documentReferenceXml(d, v3, files));
  const related = topic.relatedTopics.map((guid) => ({ '@Guid': guid }));
  const snippet = topic.bimSnippet;
  return {
    '@Guid': topic.guid,
    ...(v3 && opt('@ServerAssignedId', topic.serverAssignedId)),
    '@TopicType': nonBlank(topic.type) ?? TOPIC_DEFAULTS.type,
    '@TopicStatus': nonBlank(topic.status) ?? TOPIC_DEFAULTS.status,
    ...(links.length > 0 && (v3 ? { ReferenceLinks: { ReferenceLink: links } } : { ReferenceLink: links })),
    Title: nonBlank(topic.title) ?? TOPIC_DEFAULTS.title,
    ...opt('Priority', topic.priority),
    ...(topic.index !== undefined && Number.isInteger(topic.index) && { Index: String(topic.index) }),
    ...(labels.length > 0 && (v3 ? { Labels: { Label: labels } } : { Labels: labels })),
    CreationDate: requiredDate(topic.creationDate, `topic ${topic.guid}: creationDate`),
    CreationAuthor: nonBlank(topic.creationAuthor) ?? TOPIC_DEFAULTS.author,
    ...opt('ModifiedDate', date(topic.modifiedDate)),
    ...opt('ModifiedAuthor', topic.modifiedAuthor),
    ...opt('DueDate', date(topic.dueDate)),
    ...opt('AssignedTo', topic.assignedTo),
    ...opt('Stage', topic.stage),
    ...opt('Description', topic.description),
    ...(snippet &&
      isNonBlank(snippet.snippetType) &&
      isNonBlank(snippet.reference) && {
        BimSnippet: {
          '@SnippetType': snippet.snippetType,
          [v3 ? '@IsExternal' : '@isExternal']: String(snippet.isExternal),
          Reference: snippet.reference,
          ReferenceSchema: nonBlank(snippet.referenceSchema) ?? snippet.reference,
        },
      }),
    ...(references.length > 0 && (v3 ? { DocumentReferences: { DocumentReference: references } } : { DocumentReference: references })),
    ...(related.length > 0 && (v3 ? { RelatedTopics: { RelatedTopic: related } } : { RelatedTopic: related })),
    ...(v3 && comments.length > 0 && { Comments: { Comment: comments } }),
    ...(v3 && viewpoints.length > 0 && { Viewpoints: { ViewPoint: viewpoints } }),
  };
}

function commentXml(c: BcfComment, v3: boolean): Record<string, unknown> {
  return {
    '@Guid': c.guid,
    Date: requiredDate(c.date, `comment ${c.guid}: date`),
    Author: nonBlank(c.author) ?? TOPIC_DEFAULTS.author,
    // 2.1 requires the element (an empty one is valid there); 3.0 leaves an empty comment out.
    ...(v3 ? opt('Comment', c.text) : { Comment: c.text }),
    ...(c.viewpointGuid !== undefined && { Viewpoint: { '@Guid': c.viewpointGuid } }),
    ...opt('ModifiedDate', date(c.modifiedDate)),
    ...opt('ModifiedAuthor', c.modifiedAuthor),
  };
}

/** 3.0: DocumentGuid or Url. 2.1: ReferencedDocument, the file written into the topic folder or the URL. */
function documentReferenceXml(d: BcfDocumentReference, v3: boolean, files: TopicFiles): Record<string, unknown> {
  if (v3) {
    const target = d.documentGuid !== undefined ? { DocumentGuid: d.documentGuid } : opt('Url', d.url);
    return { '@Guid': d.guid, ...target, ...opt('Description', d.description) };
  }
  const file = d.documentGuid === undefined ? undefined : files.documents.get(d.documentGuid);
  const referenced = file ?? d.url;
  return { '@Guid': d.guid, '@isExternal': String(file === undefined), ...opt('ReferencedDocument', referenced), ...opt('Description', d.description) };
}

/** `{ [name]: value }` when the value is not blank (NonEmptyOrBlankString), else nothing. */
function opt(name: string, value: string | undefined): Record<string, string> {
  return value !== undefined && value.trim() !== '' ? { [name]: value } : {};
}

function nonBlank(s: string | undefined): string | undefined {
  return s !== undefined && s.trim() !== '' ? s : undefined;
}

function isNonBlank(s: string): boolean {
  return s.trim() !== '';
}

/** An optional date: kept when it is an xs:dateTime, converted when Date reads it, else left out. */
function date(value: string | undefined): string | undefined {
  if (value === undefined || DATE_TIME.test(value)) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function requiredDate(value: string, what: string): string {
  const written = date(value);
  if (written === undefined) throw new RangeError(`writeBcf: ${what} "${value}" is not a date and time`);
  return written;
}
