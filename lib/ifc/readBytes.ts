/**
 * Cheap checks on the raw bytes before web-ifc sees them (notes/ifc.md section 3, "Detection
 * recipe"). web-ifc opens a file cut in half without a word and throws a TypeError on one without
 * a FILE_SCHEMA, so these cases are told apart here, in words a person can act on.
 */
import { IfcImportError, type IfcSchemaName } from './types';

/** Default {@link checkIfcBytes} limit: 200 MB (web-ifc's wasm heap is capped at 2–4 GiB). */
export const DEFAULT_MAX_BYTES = 200 * 1024 * 1024;

const MAGIC = 'ISO-10303-21;';
/** How the magic is named in messages. */
const MAGIC_WORDS = 'ISO-10303-21';
const END = 'END-ISO-10303-21;';
/** How much of the start holds the HEADER section (FILE_DESCRIPTION can be long: ArchiCAD). */
const HEAD_BYTES = 64 * 1024;
/** What is decoded first: enough for the header of most files. */
const SHORT_HEAD_BYTES = 4 * 1024;
/** How much of the end is searched for {@link END}. */
const TAIL_BYTES = 4 * 1024;
/** The end of the HEADER section. */
const END_OF_HEADER = /ENDSEC\s*;/;

/**
 * Checks that `bytes` look like a whole IFC STEP file of a schema web-ifc reads, and returns that
 * schema. Throws {@link IfcImportError}: `too_large`, `not_ifc`, `truncated` or
 * `unsupported_schema`.
 */
export function checkIfcBytes(bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): IfcSchemaName {
  if (bytes.byteLength > maxBytes) {
    throw new IfcImportError('too_large', `The file is ${megabytes(bytes.byteLength)}; files up to ${megabytes(maxBytes)} can be imported.`);
  }
  if (bytes.byteLength === 0) throw new IfcImportError('not_ifc', 'The file is empty.');
  // The header nearly always ends in the first few KB: that much is decoded first, and the whole
  // head only when the start or the end of the header is not in it (the same checks either way:
  // the first `ENDSEC;` of the head is the first of any prefix that holds one whole).
  const short = latin1(bytes, 0, Math.min(bytes.byteLength, SHORT_HEAD_BYTES));
  const shortStart = short.replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '').trimStart();
  const head = shortStart.startsWith(MAGIC) && END_OF_HEADER.test(short) ? short : latin1(bytes, 0, Math.min(bytes.byteLength, HEAD_BYTES));
  const start = head === short ? shortStart : head.replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, '').trimStart();
  if (!start.startsWith(MAGIC)) {
    throw new IfcImportError('not_ifc', `This is not an IFC file: it does not start with ${MAGIC_WORDS}${guessWhatItIs(start)}`);
  }
  // Some writers put something after the end (web-ifc's own test file: a line of dashes; a
  // signature, a comment): the file is whole when its end is near its end, whatever follows it.
  const tail = latin1(bytes, Math.max(0, bytes.byteLength - TAIL_BYTES), bytes.byteLength);
  if (!tail.includes(END)) {
    throw new IfcImportError('truncated', `The file is cut off: it does not end with ${END} (was the upload or download interrupted?)`);
  }
  const endOfHeader = head.search(END_OF_HEADER);
  const header = endOfHeader < 0 ? head : head.slice(0, endOfHeader);
  const found = /FILE_SCHEMA\s*\(\s*\(\s*'([^']*)'/i.exec(header)?.[1]?.trim();
  if (found === undefined) {
    throw new IfcImportError('unsupported_schema', 'The file does not say which IFC schema it uses (its header has no FILE_SCHEMA).');
  }
  const schema = schemaOf(found);
  if (schema === undefined) {
    throw new IfcImportError('unsupported_schema', `The file uses the schema "${found.slice(0, 40)}"; IFC2X3, IFC4 and IFC4X3 can be imported.`);
  }
  return schema;
}

/** The schema family of a FILE_SCHEMA name (`IFC4X3_ADD2` → `IFC4X3`), if web-ifc reads it. */
function schemaOf(name: string): IfcSchemaName | undefined {
  const upper = name.toUpperCase();
  if (/^IFC2X3(_TC1)?$/.test(upper)) return 'IFC2X3';
  if (/^IFC4(_ADD[12])?(_TC1)?$/.test(upper)) return 'IFC4';
  if (/^IFC4X3(_[A-Z0-9]+)?$/.test(upper)) return 'IFC4X3';
  return undefined;
}

/** A hint after "does not start with ISO-10303-21;" for files people mistake for IFC. */
function guessWhatItIs(start: string): string {
  if (start.startsWith('PK\u0003\u0004')) return ' (it is a zip archive: if it is an .ifczip, unzip it and import the .ifc inside).';
  if (/^<\?xml|^<ifc/i.test(start)) return ' (it looks like ifcXML, which cannot be imported: export IFC as STEP, .ifc).';
  if (start.startsWith('\u0089PNG')) return ' (it is a PNG image).';
  return '.';
}

function latin1(bytes: Uint8Array, from: number, to: number): string {
  let out = '';
  // `apply` with the typed array itself: spreading it would go through its iterator (1 ms for the 64 KB head).
  for (let i = from; i < to; i += 8192) out += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(to, i + 8192)) as unknown as number[]);
  return out;
}

function megabytes(n: number): string {
  return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
