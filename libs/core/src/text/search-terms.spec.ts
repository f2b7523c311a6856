import { describe, expect, it } from '@jest/globals';
import { toHighlightHtml, toPrefixQuery } from './search-terms.js';

describe('toPrefixQuery', () => {
  it('asks for every word as the beginning of a word', () => {
    expect(toPrefixQuery('netwerken')).toBe('netwerken:*');
    expect(toPrefixQuery('  co-creatie  in het HBO ')).toBe('co:* & creatie:* & in:* & het:* & HBO:*');
  });

  it('lets no tsquery syntax through, whatever the user types', () => {
    expect(toPrefixQuery("a' | !b & (c):* <-> d")).toBe('a:* & b:* & c:* & d:*');
    expect(toPrefixQuery('?!* &|')).toBeNull();
  });

  it('keeps letters with accents, for the unaccenting configuration to fold', () => {
    expect(toPrefixQuery('creëren')).toBe('creëren:*');
  });
});

describe('toHighlightHtml', () => {
  it('escapes the passage and marks only the matches', () => {
    expect(toHighlightHtml('a < b & \uE000netwerk\uE001 "x"')).toBe('a &#60; b &#38; <mark>netwerk</mark> &#34;x&#34;');
  });
});
