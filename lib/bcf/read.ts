/**
 * `readBcf`: a .bcfzip / .bcf archive (BCF 3.0 or 2.1) → {@link BcfImport}. Pure: bytes in, data
 * out; runs in Node and in the browser. Checks in the order a hostile or mistaken upload needs:
 * size, zip directory (entry count), then each part as it is read (declared size, actual size,
 * well-formed XML). README.md has the mapping, what is tolerated and the errors.
 */
import { ReadContext } from './readContext';
import { readTopic } from './readMarkup';
import { readDocuments, readExtensions, readProject, readVersion } from './readParts';
import { listZip, sizeInWords } from './readZip';
import { BcfImportError, type BcfImport, type BcfTopic, type BcfVersion, type ReadBcfOptions } from './types';
import { child, children, parseXml, type XmlNode } from './xml';

/** Default `maxBytes`: 100 MB. */
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
/** Default `maxUncompressedBytes`: 256 MB. */
export const DEFAULT_MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024;
/** Default `maxEntries`: 10,000. */
export const DEFAULT_MAX_ENTRIES = 10_000;

/** A topic folder's markup: `<folder>/markup.bcf`, one level deep. */
const MARKUP = /^([^/]+)\/markup\.bcf$/i;

/**
 * Reads a BCF archive. Throws {@link BcfImportError} (`too_large`, `empty`, `not_zip`,
 * `zip_bomb`, `no_markup`, `broken_xml`, `unsupported_version`) when it cannot be read at all;
 * anything read differently from the file is listed in `warnings`.
 */
export function readBcf(bytes: Uint8Array, options: ReadBcfOptions = {}): BcfImport {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.byteLength > maxBytes) {
    throw new BcfImportError('too_large', `The file is ${sizeInWords(bytes.byteLength)}; BCF files up to ${sizeInWords(maxBytes)} can be imported.`);
  }
  if (bytes.byteLength === 0) throw new BcfImportError('empty', 'The file is empty.');
  let entries;
  try {
    entries = listZip(bytes, options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  } catch (error) {
    if (error instanceof BcfImportError && error.code === 'not_zip' && !startsLikeZip(bytes)) {
      throw new BcfImportError('not_zip', `The file is not a BCF archive: it is not a zip file${guessWhatItIs(bytes)}.`);
    }
    throw error;
  }
  if (entries.length === 0) throw new BcfImportError('empty', 'The file is an empty zip archive: it holds no BCF topics.');
  const ctx = new ReadContext(bytes, entries, { remaining: options.maxUncompressedBytes ?? DEFAULT_MAX_UNCOMPRESSED_BYTES });

  const markups = ctx
    .paths()
    .filter((path) => MARKUP.test(path) && !path.startsWith('__MACOSX/'))
    .sort();
  if (markups.length === 0) {
    const isBcf = ctx.find('bcf.version') !== undefined;
    throw new BcfImportError('no_markup', isBcf ? 'The BCF archive holds no topics (no folder has a markup.bcf).' : 'The file is a zip archive but not BCF: no folder in it has a markup.bcf.');
  }
  const stated = readVersion(ctx);
  const roots = markups.map((path) => ({ folder: path.slice(0, path.lastIndexOf('/')), root: parseXml(ctx.read(path)!, `the markup.bcf of topic ${path.slice(0, path.indexOf('/'))}`) }));
  const version = stated ?? guessVersion(roots.map((r) => r.root), ctx);
  const { project, extensionSchema } = readProject(ctx);
  const extensions = readExtensions(ctx, extensionSchema);
  const listed = readDocuments(ctx);

  const topics: BcfTopic[] = [];
  for (const { folder, root } of roots) {
    const topic = readTopic(root, folder, ctx);
    if (topics.some((t) => t.guid === topic.guid)) {
      ctx.warn('duplicate_topic', `Two folders hold topic ${topic.guid}: the one in ${folder} was left out.`, topic.guid);
      continue;
    }
    topics.push(topic);
  }
  const documents = [...listed, ...ctx.foundDocuments];
  return {
    version,
    ...(project && { project }),
    ...(extensions && { extensions }),
    ...(documents.length > 0 && { documents }),
    topics,
    warnings: ctx.warnings,
  };
}

/** Without bcf.version: 2.1 if a markup has Comment or Viewpoints beside Topic, 3.0 if inside it; else 3.0 when there is an extensions.xml. */
function guessVersion(roots: readonly XmlNode[], ctx: ReadContext): BcfVersion {
  const markups = roots.map((root) => child(root, 'Markup'));
  let version: BcfVersion;
  if (markups.some((m) => children(m, 'Comment').length > 0 || children(m, 'Viewpoints').length > 0)) version = '2.1';
  else if (markups.some((m) => child(m, 'Topic')['Comments'] !== undefined || child(m, 'Topic')['Viewpoints'] !== undefined)) version = '3.0';
  else version = ctx.find('extensions.xml') ? '3.0' : '2.1';
  ctx.warn('no_version', `The archive has no readable bcf.version: it was read as BCF ${version}, as its layout suggests.`);
  return version;
}

function startsLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b;
}

/** A hint after "it is not a zip file" for files people mistake for BCF. */
function guessWhatItIs(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 64)).replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '').trimStart();
  if (head.startsWith('\u0089PNG')) return ' (it is a PNG image)';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return ' (it is a JPEG image)';
  if (head.startsWith('ISO-10303-21')) return ' (it is an IFC model: import it as a model)';
  if (head.startsWith('<')) return ' (it is an XML file: a BCF archive is a zip of XML files)';
  return '';
}
