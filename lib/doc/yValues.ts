/**
 * Reading Yjs values for the history-free copy (`copyWithoutHistory.ts`) and the field-level edits
 * (`docEdits.ts`): root maps, type guards and the errors for values neither can represent.
 * Internal to lib/doc: its index does not export them.
 */
import * as Y from 'yjs';
import { isRecord } from '../model';

/**
 * The root map `name`, or undefined when the root is defined as another type. A root that came
 * in through an update before anyone asked for it is a bare AbstractType; `getMap` turns it into
 * a Y.Map (as any reader would), unless it holds list content (a text, array or XML root).
 */
export function findRootMap(doc: Y.Doc, name: string): Y.Map<unknown> | undefined {
  const existing = doc.share.get(name);
  if (existing === undefined || (isUndefinedType(existing) && existing._start === null)) return doc.getMap<unknown>(name);
  return isYMap(existing) ? existing : undefined;
}

/** A root not yet defined as a concrete type (a bare AbstractType). */
function isUndefinedType(type: object): boolean {
  return Object.getPrototypeOf(type) === Y.AbstractType.prototype;
}

/** The root map `name`; throws (naming `caller`) when the root is defined as another type. */
export function rootMap(doc: Y.Doc, name: string, caller: string): Y.Map<unknown> {
  const map = findRootMap(doc, name);
  if (map !== undefined) return map;
  const root = doc.share.get(name);
  const what = root !== undefined && isUndefinedType(root) ? 'an undefined type holding list content (text, array or XML)' : typeName(root);
  throw new Error(`${caller}: root "${name}" is ${what}, not a Y.Map`);
}

/** Y.XmlHook extends Y.Map and Y.XmlText extends Y.Text; neither is supported. */
export function isYMap(value: unknown): value is Y.Map<unknown> {
  return value instanceof Y.Map && !(value instanceof Y.XmlHook);
}

/** Y.Text without Y.XmlText (not supported). */
export function isYText(value: unknown): value is Y.Text {
  return value instanceof Y.Text && !(value instanceof Y.XmlText);
}

/** The string of a Y.Text; formatting and embeds have no `DocValue`, so they throw. */
export function plainText(text: Y.Text, path: readonly string[]): string {
  const delta: unknown = text.toDelta();
  const plain = Array.isArray(delta) && delta.every((op: unknown) => isRecord(op) && typeof op.insert === 'string' && op.attributes === undefined);
  if (!plain) throw unsupported(path, 'a Y.Text with formatting or embeds');
  return text.toString();
}

/** The error for a value at `path` that only Y.Map, Y.Array, plain Y.Text and JSON can be. */
export function unsupported(path: readonly string[], what: string): Error {
  return new Error(`unsupported value at ${JSON.stringify(path)}: ${what} (only Y.Map, Y.Array, plain Y.Text and JSON values can be copied)`);
}

/** What a value is, for error messages. */
export function typeName(value: unknown): string {
  if (value instanceof Y.Doc) return 'a Y.Doc (subdocument)';
  return typeof value === 'object' && value !== null ? `a ${value.constructor.name}` : typeof value;
}

/** `names` without repeats, in first-seen order. */
export function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}
