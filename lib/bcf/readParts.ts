/**
 * The archive-wide parts: bcf.version, project.bcfp, extensions (3.0 `extensions.xml`, the legacy
 * `bcf.extensions`, or 2.1's `extensions.xsd` redefinitions) and 3.0's documents.xml. All but the
 * version are optional and read leniently: a part that is not well-formed XML is reported and
 * skipped (element order is not checked, so the official 3.0 samples whose extensions.xml has
 * Stages before SnippetTypes read as they are).
 */
import { resolvePath, type ReadContext } from './readContext';
import { BcfImportError, type BcfDocument, type BcfExtensions, type BcfProject, type BcfVersion } from './types';
import { attr, child, children, parseXml, text, texts, type XmlNode } from './xml';

/** The version bcf.version states; undefined when there is no bcf.version (the caller guesses from the layout). */
export function readVersion(ctx: ReadContext): BcfVersion | undefined {
  const path = ctx.find('bcf.version');
  const root = path && readOptionalXml(path, ctx);
  if (!root) return undefined;
  const node = child(root, 'Version');
  const raw = attr(node, 'VersionId') ?? text(node, 'DetailedVersion');
  if (raw === undefined) return undefined;
  if (/^3(\.0)*$/.test(raw)) return '3.0';
  if (/^2\.1(\.\d+)*$/.test(raw)) return '2.1';
  if (/^2(\.0)*$/.test(raw)) {
    ctx.warn('version_2_0', 'The archive is BCF 2.0: it was read as BCF 2.1, which has the same layout.');
    return '2.1';
  }
  throw new BcfImportError('unsupported_version', `The archive is BCF version ${JSON.stringify(raw.slice(0, 20))}; BCF 2.1 and 3.0 can be imported.`);
}

/** project.bcfp (3.0 ProjectInfo, 2.1 ProjectExtension) and, for 2.1, the extension schema it names. */
export function readProject(ctx: ReadContext): { project?: BcfProject; extensionSchema?: string } {
  const path = ctx.find('project.bcfp');
  const root = path && readOptionalXml(path, ctx);
  if (!root) return {};
  const info = root['ProjectInfo'] !== undefined ? child(root, 'ProjectInfo') : child(root, 'ProjectExtension');
  const project = child(info, 'Project');
  const id = attr(project, 'ProjectId');
  const name = text(project, 'Name');
  const extensionSchema = text(info, 'ExtensionSchema');
  return { ...(id !== undefined && { project: { id, ...(name !== undefined && { name }) } }), ...(extensionSchema !== undefined && { extensionSchema }) };
}

const EXTENSION_LISTS = {
  topicTypes: ['TopicTypes', 'TopicType', 'TopicType'],
  topicStatuses: ['TopicStatuses', 'TopicStatus', 'TopicStatus'],
  priorities: ['Priorities', 'Priority', 'Priority'],
  topicLabels: ['TopicLabels', 'TopicLabel', 'TopicLabel'],
  users: ['Users', 'User', 'UserIdType'],
  snippetTypes: ['SnippetTypes', 'SnippetType', 'SnippetType'],
  stages: ['Stages', 'Stage', 'Stage'],
} as const satisfies Record<keyof BcfExtensions, readonly [list: string, item: string, xsdType: string]>;

/** extensions.xml (or bcf.extensions); else the 2.1 extension schema; undefined when there is none. */
export function readExtensions(ctx: ReadContext, extensionSchema: string | undefined): BcfExtensions | undefined {
  const xmlPath = ctx.find('extensions.xml') ?? ctx.find('bcf.extensions');
  const xml = xmlPath && readOptionalXml(xmlPath, ctx);
  if (xml) {
    const node = child(xml, 'Extensions');
    return mapLists(([list, item]) => texts(child(node, list), item));
  }
  const xsdPath = ctx.find(resolvePath('', extensionSchema ?? 'extensions.xsd') ?? 'extensions.xsd');
  const xsd = xsdPath && readOptionalXml(xsdPath, ctx);
  if (!xsd) return undefined;
  const schema = child(xsd, 'schema');
  const types = [...children(child(schema, 'redefine'), 'simpleType'), ...children(schema, 'simpleType')];
  return mapLists(([, , xsdType]) => {
    const type = types.find((t) => attr(t, 'name') === xsdType);
    return children(child(type, 'restriction'), 'enumeration')
      .map((e) => attr(e, 'value'))
      .filter((v): v is string => v !== undefined);
  });
}

function mapLists(read: (names: readonly [string, string, string]) => string[]): BcfExtensions {
  const entries = Object.entries(EXTENSION_LISTS).map(([key, names]) => [key, [...new Set(read(names))]]);
  return Object.fromEntries(entries) as unknown as BcfExtensions;
}

/** 3.0 documents.xml, each document's bytes from `documents/<guid>` (folder name in any case). */
export function readDocuments(ctx: ReadContext): BcfDocument[] {
  const path = ctx.find('documents.xml');
  const root = path && readOptionalXml(path, ctx);
  if (!root) return [];
  return children(child(child(root, 'DocumentInfo'), 'Documents'), 'Document').flatMap((d) => {
    const raw = attr(d, 'Guid');
    const filename = text(d, 'Filename');
    if (raw === undefined || filename === undefined) return [];
    const guid = ctx.guid(raw, `Document ${filename}`);
    const bytes = ctx.read(`documents/${raw}`);
    if (!bytes) ctx.warn('missing_file', `The document ${filename} (${guid}) is listed in documents.xml but not in the archive.`);
    const description = text(d, 'Description');
    return [{ guid, filename, ...(description !== undefined && { description }), ...(bytes && { bytes }) }];
  });
}

/** An optional part: one that is not well-formed is reported and skipped. */
function readOptionalXml(path: string, ctx: ReadContext): XmlNode | undefined {
  try {
    return parseXml(ctx.read(path)!, path);
  } catch (error) {
    if (!(error instanceof BcfImportError) || error.code !== 'broken_xml') throw error;
    const what = error.message.replace(/^The archive cannot be read: /, '');
    ctx.warn('broken_part', `${what.charAt(0).toUpperCase()}${what.slice(1)}; it was skipped.`);
    return undefined;
  }
}
