/**
 * One `<folder>/markup.bcf` → a {@link BcfTopic}, from either layout: BCF 3.0 keeps Comments and
 * Viewpoints inside Topic and wraps repeated elements (ReferenceLinks, Labels, RelatedTopics,
 * DocumentReferences, Header/Files); BCF 2.1 has Comment and Viewpoints as siblings of Topic and
 * repeats the elements themselves. Both are read wherever they appear, so a file that mixes them
 * (Catenda's 2.1 `<RelatedTopics Guid=…/>`) loses nothing.
 */
import { resolvePath, type ReadContext } from './readContext';
import { readViewpoints } from './readViewpoints';
import type { BcfBimSnippet, BcfComment, BcfDocumentReference, BcfHeaderFile, BcfTopic } from './types';
import { attr, boolAttr, child, children, num, text, texts, type XmlNode } from './xml';

/** xs:dateTime (the time zone is optional). */
const DATE_TIME = /^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$/;

export function readTopic(root: XmlNode, folder: string, ctx: ReadContext): BcfTopic {
  const markup = child(root, 'Markup');
  const topic = child(markup, 'Topic');
  const guid = ctx.guid(attr(topic, 'Guid'), `The topic in ${folder}/markup.bcf`);
  const date = (value: string | undefined, what: string) => readDate(value, `${what} of topic ${guid}`, guid, ctx);
  const comments = readComments(markup, topic, guid, ctx, date);
  const modifiedDate = date(text(topic, 'ModifiedDate'), 'ModifiedDate');
  const dueDate = date(text(topic, 'DueDate'), 'DueDate');
  const index = num(topic, 'Index');
  const optional = {
    serverAssignedId: attr(topic, 'ServerAssignedId'),
    priority: text(topic, 'Priority'),
    index: index !== undefined && Number.isInteger(index) ? index : undefined,
    modifiedDate,
    modifiedAuthor: text(topic, 'ModifiedAuthor'),
    dueDate,
    assignedTo: text(topic, 'AssignedTo'),
    stage: text(topic, 'Stage'),
    description: text(topic, 'Description'),
    bimSnippet: readBimSnippet(child(topic, 'BimSnippet'), folder, ctx),
  };
  return {
    guid,
    type: attr(topic, 'TopicType') ?? '',
    status: attr(topic, 'TopicStatus') ?? '',
    title: text(topic, 'Title') ?? '',
    labels: [...new Set(children(topic, 'Labels').flatMap((l) => (l['Label'] !== undefined ? texts(l, 'Label') : [text(l, '#text') ?? ''])))].filter(Boolean),
    creationDate: date(text(topic, 'CreationDate'), 'CreationDate') ?? fallbackDate(guid, modifiedDate ?? comments[0]?.date, ctx),
    creationAuthor: text(topic, 'CreationAuthor') ?? '',
    ...withoutUndefined(optional),
    referenceLinks: [...texts(child(topic, 'ReferenceLinks'), 'ReferenceLink'), ...texts(topic, 'ReferenceLink')],
    relatedTopics: readRelatedTopics(topic, guid, ctx),
    documentReferences: readDocumentReferences(topic, folder, guid, ctx),
    headerFiles: readHeaderFiles(child(markup, 'Header')),
    comments,
    viewpoints: readViewpoints(markup, topic, folder, guid, ctx),
  };
}

function readComments(markup: XmlNode, topic: XmlNode, topicGuid: string, ctx: ReadContext, date: (value: string | undefined, what: string) => string | undefined): BcfComment[] {
  const nodes = [...children(child(topic, 'Comments'), 'Comment'), ...children(markup, 'Comment')];
  return nodes.map((c) => {
    const guid = ctx.guid(attr(c, 'Guid'), `A comment of topic ${topicGuid}`, topicGuid);
    const viewpoint = attr(child(c, 'Viewpoint'), 'Guid');
    const optional = {
      viewpointGuid: viewpoint === undefined ? undefined : ctx.guid(viewpoint, `The viewpoint of comment ${guid}`, topicGuid),
      modifiedDate: date(text(c, 'ModifiedDate'), `ModifiedDate of comment ${guid}`),
      modifiedAuthor: text(c, 'ModifiedAuthor'),
    };
    return {
      guid,
      date: date(text(c, 'Date'), `Date of comment ${guid}`) ?? fallbackDate(topicGuid, undefined, ctx),
      author: text(c, 'Author') ?? '',
      text: text(c, 'Comment') ?? '',
      ...withoutUndefined(optional),
    };
  });
}

function readRelatedTopics(topic: XmlNode, topicGuid: string, ctx: ReadContext): string[] {
  const raw = [
    ...children(topic, 'RelatedTopics').flatMap((r) => [attr(r, 'Guid'), ...children(r, 'RelatedTopic').map((t) => attr(t, 'Guid'))]),
    ...children(topic, 'RelatedTopic').map((t) => attr(t, 'Guid')),
  ].filter((g): g is string => g !== undefined);
  return [...new Set(raw.map((g) => ctx.guid(g, `A related topic of topic ${topicGuid}`, topicGuid)))];
}

/** 3.0: DocumentGuid or Url. 2.1: ReferencedDocument, a URL or a file in the archive relative to the topic folder. */
function readDocumentReferences(topic: XmlNode, folder: string, topicGuid: string, ctx: ReadContext): BcfDocumentReference[] {
  const nodes = [...children(child(topic, 'DocumentReferences'), 'DocumentReference'), ...children(topic, 'DocumentReference')];
  return nodes.map((d) => {
    const guid = ctx.guid(attr(d, 'Guid') ?? crypto.randomUUID(), `A document reference of topic ${topicGuid}`, topicGuid);
    const description = text(d, 'Description');
    const documentGuid = text(d, 'DocumentGuid');
    let target: { documentGuid?: string; url?: string } = {};
    if (documentGuid !== undefined) target = { documentGuid: ctx.guid(documentGuid, `The document of reference ${guid}`, topicGuid) };
    else if (text(d, 'Url') !== undefined) target = { url: text(d, 'Url') };
    else {
      const referenced = text(d, 'ReferencedDocument');
      const path = referenced === undefined || boolAttr(d, 'isExternal', false) ? undefined : resolvePath(folder, referenced);
      const bytes = path === undefined ? undefined : ctx.read(path);
      if (bytes && path) target = { documentGuid: addFoundDocument(path, bytes, ctx) };
      else if (referenced !== undefined) target = { url: referenced };
    }
    return { guid, ...target, ...(description && { description }) };
  });
}

function addFoundDocument(path: string, bytes: Uint8Array, ctx: ReadContext): string {
  const known = ctx.foundDocuments.find((d) => d.bytes === bytes);
  if (known) return known.guid;
  const guid = crypto.randomUUID();
  ctx.foundDocuments.push({ guid, filename: path.slice(path.lastIndexOf('/') + 1), bytes });
  return guid;
}

function readHeaderFiles(header: XmlNode): BcfHeaderFile[] {
  return [...children(child(header, 'Files'), 'File'), ...children(header, 'File')].map((f) => {
    const optional = {
      ifcProject: attr(f, 'IfcProject'),
      ifcSpatialStructureElement: attr(f, 'IfcSpatialStructureElement'),
      filename: text(f, 'Filename'),
      date: text(f, 'Date'),
      reference: text(f, 'Reference'),
    };
    return { isExternal: boolAttr(f, 'IsExternal', boolAttr(f, 'isExternal', true)), ...withoutUndefined(optional) };
  });
}

function readBimSnippet(snippet: XmlNode, folder: string, ctx: ReadContext): BcfBimSnippet | undefined {
  const snippetType = attr(snippet, 'SnippetType');
  const reference = text(snippet, 'Reference');
  if (snippetType === undefined || reference === undefined) return undefined;
  const isExternal = boolAttr(snippet, 'IsExternal', boolAttr(snippet, 'isExternal', false));
  const path = isExternal ? undefined : resolvePath(folder, reference);
  const bytes = path === undefined ? undefined : ctx.read(path);
  return { snippetType, isExternal, reference, referenceSchema: text(snippet, 'ReferenceSchema') ?? '', ...(bytes && { bytes }) };
}

/** `value` when it is an xs:dateTime; an unreadable one is reported and dropped. */
function readDate(value: string | undefined, what: string, topicGuid: string, ctx: ReadContext): string | undefined {
  if (value === undefined || DATE_TIME.test(value)) return value;
  ctx.warn('date', `${what} "${value}" is not a date and time: it was left out.`, topicGuid);
  return undefined;
}

/** For a required date the file lacks: a date it has, else the Unix epoch, reported. */
function fallbackDate(topicGuid: string, other: string | undefined, ctx: ReadContext): string {
  const used = other ?? '1970-01-01T00:00:00Z';
  ctx.warn('date', `Topic ${topicGuid} lacks a required date: ${used} was used.`, topicGuid);
  return used;
}

function withoutUndefined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
