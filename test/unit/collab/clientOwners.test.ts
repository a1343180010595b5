/**
 * The policy of SPEC 22 (collab-server/clientOwners.ts) on its own: who may write which clocks of
 * which client id, and what must be written before an update reaches anyone.
 */
import { describe, expect, it } from 'vitest';
import { ClientOwners, SERVER_USER, type ClientRange } from '@/collab-server/clientOwners';

const LIMITS = { maxClientClock: 2 ** 32, maxClockRangePerUpdate: 2 ** 24, claimHeadroom: 100 };
/** Client 1 belongs to alice, written up to 50 and broadcast up to 80 before a crash (lineage 0). */
const STORED = [
  { clientId: 1, userId: 'alice', lineage: 0, clock: 80 },
  { clientId: 2, userId: 'bob', lineage: 3, clock: 500 }, // a bound of another lineage says nothing about this one
];
const KNOWN: Record<number, number> = { 1: 50, 2: 0, 9: 0 };
const known = (client: number) => KNOWN[client] ?? 0;
const owners = () => new ClientOwners(STORED, 0, LIMITS, [9]);
const range = (client: number, from: number, to: number): ClientRange[] => [{ client, from, to }];

describe('ClientOwners.check', () => {
  const cases: [string, ClientRange[], string, string | null][] = [
    ['the owner writes past what the document has', range(1, 50, 60), 'alice', null],
    ['another user re-delivers what the document has (a no-op)', range(1, 10, 50), 'mallory', null],
    ['another user re-delivers what was broadcast before the crash (up to the stored bound)', range(1, 50, 80), 'mallory', null],
    ['another user writes past the stored bound', range(1, 50, 81), 'mallory', 'not_owner'],
    ['another user writes a client of another lineage past what the document has', range(2, 0, 1), 'mallory', 'not_owner'],
    ['anyone writes a client nobody owns yet (it becomes theirs)', range(5, 0, 10), 'mallory', null],
    ['a user writes a client id of the server', range(9, 0, 1), 'alice', 'not_owner'],
    ['the owner writes a range ending past 2^32', range(1, 50, 2 ** 32 + 1), 'alice', 'implausible'],
    ['anyone writes 2^53 clocks of a fresh client', range(6, 0, 2 ** 53), 'mallory', 'implausible'],
    ['the owner adds more than 2^24 clocks in one update', range(1, 50, 50 + 2 ** 24 + 1), 'alice', 'implausible'],
    ['another user writes 2^40 clocks of the owner’s client: refused as not theirs first', range(1, 50, 50 + 2 ** 40), 'mallory', 'not_owner'],
  ];
  it.each(cases)('%s', (_, ranges, user, expected) => {
    expect(owners().check(ranges, user, known)?.code ?? null).toBe(expected);
  });

  it('ends the recovery allowance once the owner writes again', () => {
    const o = owners();
    expect(o.check(range(1, 50, 70), 'mallory', known)).toBeNull();
    o.accept(range(1, 50, 55), 'alice');
    expect(o.check(range(1, 50, 70), 'mallory', known)?.code).toBe('not_owner');
  });
});

describe('ClientOwners.accept and the bounds', () => {
  it('binds a new client to its first writer, and asks for its bound (with headroom) before the update may go', () => {
    const o = owners();
    const needs = o.accept(range(5, 0, 3), 'carol');
    expect(o.ownerOf(5)).toBe('carol');
    expect(needs).toEqual([{ client: 5, clock: 3 }]);
    expect(o.satisfied(needs)).toBe(false);
    const rows = o.dueRows();
    expect(rows).toEqual([{ clientId: 5, userId: 'carol', lineage: 0, clock: 103 }]);
    o.written(rows);
    expect(o.satisfied(needs)).toBe(true);
    expect(o.due).toBe(false);
    // Within the headroom: nothing to write, the update may go at once.
    expect(o.accept(range(5, 3, 90), 'carol')).toEqual([]);
  });

  it('lowers a bound to what the document has, and never below what held updates need', () => {
    const o = owners();
    o.written(o.dueRows());
    const needs = o.accept(range(5, 0, 3), 'carol');
    const now = (client: number) => (client === 5 ? 3 : known(client)); // the document has carol's 3 clocks
    o.tighten(now, [5]);
    expect(o.dueRows()).toEqual([{ clientId: 5, userId: 'carol', lineage: 0, clock: 3 }]);
    o.written(o.dueRows());
    expect(o.satisfied(needs)).toBe(true);
    // Alice's stored bound (80) comes down to what the document has of her (50).
    o.tighten(now);
    expect(o.dueRows()).toEqual([{ clientId: 1, userId: 'alice', lineage: 0, clock: 50 }]);
  });

  it("needs nothing written for the server's own writes", () => {
    const o = owners();
    expect(o.accept(range(9, 0, 40), SERVER_USER)).toEqual([]);
    expect(o.accept(range(12, 0, 40), SERVER_USER)).toEqual([]);
    expect(o.ownerOf(12)).toBe(SERVER_USER);
    expect(o.due).toBe(false);
  });
});
