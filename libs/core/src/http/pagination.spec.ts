import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors/domain-error.js';
import { decodeCursor, encodeCursor, toPage } from './pagination.js';

describe('cursor pagination', () => {
  it('round-trips a keyset', () => {
    const keyset = ['2026-11-22 10:00:00.123456+00', 'Een naam', 3];
    expect(decodeCursor(encodeCursor(keyset), ['timestamp', 'text', 'int'])).toEqual(keyset);
  });

  it('refuses a cursor it did not give out', () => {
    expect(() => decodeCursor('not-a-cursor', ['text', 'uuid'])).toThrow(DomainError);
    expect(() => decodeCursor(encodeCursor(['only-one']), ['text', 'uuid'])).toThrow(/cursor/);
    expect(() => decodeCursor(Buffer.from('{"a":1}').toString('base64url'), ['text'])).toThrow(DomainError);
    // Parts that would make the SQL cast fail (a 500) are refused as a 400.
    expect(() => decodeCursor(encodeCursor(['x', 'not-a-uuid']), ['text', 'uuid'])).toThrow(DomainError);
    expect(() => decodeCursor(encodeCursor(['yesterday', '00000000-0000-4000-8000-000000000000']), ['timestamp', 'uuid'])).toThrow(DomainError);
  });

  it('gives a next cursor only when more rows follow', () => {
    const rows = [1, 2, 3].map((n) => ({ n }));
    const full = toPage(rows, 2, (row) => [row.n], (row) => row.n);
    expect(full.items).toEqual([1, 2]);
    expect(decodeCursor(full.nextCursor ?? '', ['int'])).toEqual([2]);
    const last = toPage(rows, 3, (row) => [row.n], (row) => row.n);
    expect(last).toEqual({ items: [1, 2, 3], nextCursor: null });
  });
});
