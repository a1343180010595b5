import * as Y from 'yjs';
import { getMaps, readBuildingReport, readMeta, type InvalidRecord } from '@/lib/doc';
import type { ElementKind } from '@/lib/model';
import { KIND_LABELS } from './kindLabels';

/** At most this many problems are named; the rest are counted. */
const MAX_NAMED = 3;

function nameOf(record: InvalidRecord, doc: Y.Doc): string {
  if (record.collection === 'meta') return 'The building’s details';
  const raw = getMaps(doc)[record.collection].get(record.id);
  const field = (key: string) => (raw instanceof Y.Map ? raw.get(key) : undefined);
  const name = typeof field('name') === 'string' && field('name') !== '' ? ` “${field('name') as string}”` : '';
  if (record.collection === 'storeys') return `Storey${name}`;
  if (record.collection === 'connections') return 'A connection';
  const kind = field('kind');
  const label = typeof kind === 'string' && kind in KIND_LABELS ? KIND_LABELS[kind as ElementKind][0] : 'An element';
  return `${label}${name}`;
}

/** One invalid record in words: `Wall “North”: thickness must be greater than 0`. */
function describeRecord(record: InvalidRecord, doc: Y.Doc): string {
  const issues = record.error.issues.map((i) => (i.path ? `${i.path} ${i.message}` : i.message));
  return `${nameOf(record, doc)}: ${issues.length > 0 ? issues.join(', ') : record.error.message}`;
}

/**
 * What to tell someone whose changes the collaboration server refused as invalid (close code
 * 4400, collab-server SPEC 5). The server only says "invalid update", so the records of the
 * local doc that fail lib/model's validators name what is wrong; without any, the server's
 * reason is given.
 */
export function describeRejection(doc: Y.Doc, reason: string): string {
  let invalid: InvalidRecord[];
  try {
    invalid = readMeta(doc) ? readBuildingReport(doc).invalid : [{ collection: 'meta', id: 'meta', error: { code: 'invalid_meta', message: 'missing or invalid', issues: [] } }];
  } catch (error) {
    console.error('describeRejection: could not read the local doc', error);
    invalid = [];
  }
  const named = invalid.slice(0, MAX_NAMED).map((r) => describeRecord(r, doc));
  const more = invalid.length > MAX_NAMED ? `; and ${invalid.length - MAX_NAMED} more` : '';
  const what = named.length > 0 ? `${named.join('; ')}${more}` : `the server refused them${reason ? ` (${reason})` : ''}`;
  return `Your offline changes could not be applied: ${what}.`;
}
