import { describe, expect, it } from 'vitest';
import { ReadyForQueryScanner } from '@/lib/db/WireSessionQueue';

/** A backend message: type byte, int32 length (including itself), body. */
function message(type: string, body: number[] | string): number[] {
  const bytes = typeof body === 'string' ? [...Buffer.from(body)] : body;
  const length = bytes.length + 4;
  return [type.charCodeAt(0), (length >>> 24) & 255, (length >>> 16) & 255, (length >>> 8) & 255, length & 255, ...bytes];
}
const ready = (status: string) => message('Z', [status.charCodeAt(0)]);
const dataRow = message('D', [0, 1, 0, 0, 0, 6, ...Buffer.from('Z\0\0\0\x05I')]); // looks like a ReadyForQuery inside

function scan(stream: number[], chunkSize: number): ReadyForQueryScanner['lastStatus'] {
  const scanner = new ReadyForQueryScanner();
  for (let i = 0; i < stream.length; i += chunkSize) scanner.push(new Uint8Array(stream.slice(i, i + chunkSize)));
  return scanner.lastStatus;
}

describe('ReadyForQueryScanner', () => {
  const cases: [string, number[], ReadyForQueryScanner['lastStatus']][] = [
    ['no ReadyForQuery (ParseComplete only)', message('1', []), null],
    ['idle after a simple query', [...message('C', 'SELECT 1\0'), ...ready('I')], 'I'],
    ['inside a transaction', [...message('C', 'BEGIN\0'), ...ready('T')], 'T'],
    ['in a failed transaction', [...message('E', 'SERROR\0\0'), ...ready('E')], 'E'],
    ['the last one wins', [...ready('T'), ...message('C', 'COMMIT\0'), ...ready('I')], 'I'],
    ['ReadyForQuery-like bytes inside a data row do not count', [...dataRow, ...message('C', 'SELECT 1\0')], null],
  ];
  for (const [name, stream, expected] of cases) {
    it(`reports ${expected ?? 'nothing'} for ${name}, however the stream is chunked`, () => {
      for (const chunkSize of [1, 2, 3, 5, 7, stream.length]) expect(scan(stream, chunkSize)).toBe(expected);
    });
  }
});
