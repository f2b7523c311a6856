import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors/domain-error.js';
import { decodeCursor, encodeCursor, toPage } from './pagination.js';

describe('cursor pagination', () => {
  it('round-trips a keyset', () => {
    const keyset = ['2026-11-22T10:00:00.000Z', 'a1b2', 3];
    expect(decodeCursor(encodeCursor(keyset), 3)).toEqual(keyset);
  });

  it('refuses a cursor it did not give out', () => {
    expect(() => decodeCursor('not-a-cursor', 2)).toThrow(DomainError);
    expect(() => decodeCursor(encodeCursor(['only-one']), 2)).toThrow(/cursor/);
    expect(() => decodeCursor(Buffer.from('{"a":1}').toString('base64url'), 1)).toThrow(DomainError);
  });

  it('gives a next cursor only when more rows follow', () => {
    const rows = [1, 2, 3].map((n) => ({ n }));
    const full = toPage(rows, 2, (row) => [row.n], (row) => row.n);
    expect(full.items).toEqual([1, 2]);
    expect(decodeCursor(full.nextCursor ?? '', 1)).toEqual([2]);
    const last = toPage(rows, 3, (row) => [row.n], (row) => row.n);
    expect(last).toEqual({ items: [1, 2, 3], nextCursor: null });
  });
});
