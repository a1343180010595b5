/**
 * XML in and out, set up once for BCF (notes/ifc.md 4.3 lists the fast-xml-parser gotchas this
 * avoids): well-formedness is checked before parsing (the parser alone accepts `<a><b></a>`);
 * values stay strings (a digits-only IfcGuid must not become a number); numeric character
 * references are decoded (fast-xml-parser leaves `&#10;` as it is unless told) and DOCTYPE
 * entities are not expanded; the builder writes `"true"` as a value, not a bare attribute.
 */
import { EntityDecoder } from '@nodable/entities';
import XMLBuilder from 'fast-xml-builder';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BcfImportError } from './types';

/** A parsed element: attributes under `@Name`, children by name, text under `#text`. */
export type XmlNode = { readonly [key: string]: unknown };

/** Elements that may repeat, in either version: always parsed as arrays. */
const REPEATED = new Set([
  'File', 'Topic', 'Comment', 'ViewPoint', 'Viewpoints', 'RelatedTopic', 'RelatedTopics', 'DocumentReference', 'Label', 'Labels',
  'ReferenceLink', 'Component', 'Color', 'ClippingPlane', 'Line', 'Bitmap', 'Document', 'TopicType', 'TopicStatus', 'Priority',
  'TopicLabel', 'User', 'SnippetType', 'Stage', 'enumeration', 'simpleType',
]);

function newParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name, _path, _isLeaf, isAttribute) => !isAttribute && REPEATED.has(name),
    entityDecoder: new EntityDecoder({ numericAllowed: true, onInputEntity: () => 'block' }),
  });
}

/**
 * Parses one XML part of the archive. Throws {@link BcfImportError} `broken_xml` naming `what`
 * (e.g. "the markup.bcf of topic 1b66…") when it is not well-formed.
 */
export function parseXml(bytes: Uint8Array, what: string): XmlNode {
  const text = decodeXml(bytes);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const where = valid.err.line ? ` (line ${valid.err.line})` : '';
    throw new BcfImportError('broken_xml', `The archive cannot be read: ${what} is not well-formed XML: ${valid.err.msg}${where}`);
  }
  return newParser().parse(text) as XmlNode;
}

/** Text of an XML file: UTF-8 unless a byte-order mark or the declaration says otherwise. */
function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 100));
  const label = /^(?:\uFEFF|\u00EF\u00BB\u00BF)?<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  let decoder = new TextDecoder();
  if (label && !/^utf-?8$/i.test(label)) {
    try {
      decoder = new TextDecoder(label);
    } catch {
      // An encoding the platform does not know: read it as UTF-8, which ASCII content survives.
    }
  }
  return decoder.decode(bytes).replace(/^\uFEFF/, '');
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  format: true,
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
});

/** The document for `root`: an XML declaration and the element, children in insertion order (callers follow the XSD sequence). */
export function buildXml(root: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${builder.build(root)}`;
}

/** `node` as an element object, or an empty one (missing, or an element that held only text). */
export function child(node: unknown, name: string): XmlNode {
  const value = isNode(node) ? node[name] : undefined;
  if (Array.isArray(value)) return isNode(value[0]) ? value[0] : {};
  return isNode(value) ? value : {};
}

/** The child elements called `name` (repeated or single). */
export function children(node: unknown, name: string): XmlNode[] {
  const value = isNode(node) ? node[name] : undefined;
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((item) => (isNode(item) ? item : { '#text': item }));
}

/** The text of the child `name` (or of the node itself for `#text`), trimmed; undefined when missing or empty. */
export function text(node: unknown, name: string): string | undefined {
  if (!isNode(node)) return undefined;
  let value = node[name];
  if (Array.isArray(value)) value = value[0];
  if (isNode(value)) value = value['#text'];
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

/** The texts of the repeated child `name`, empty ones left out. */
export function texts(node: unknown, name: string): string[] {
  return children(node, name)
    .map((item) => text(item, '#text'))
    .filter((s): s is string => s !== undefined);
}

/** An attribute's value, trimmed; undefined when missing or empty. */
export function attr(node: unknown, name: string): string | undefined {
  return text(node, `@${name}`);
}

/** An xs:boolean attribute (`true`/`1`, `false`/`0`), else `fallback`. */
export function boolAttr(node: unknown, name: string, fallback: boolean): boolean {
  const value = attr(node, name)?.toLowerCase();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return fallback;
}

/** A finite number from the child `name`, else undefined. */
export function num(node: unknown, name: string): number | undefined {
  const s = text(node, name);
  if (s === undefined) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
