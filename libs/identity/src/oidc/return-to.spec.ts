import { describe, expect, it } from '@jest/globals';
import { safeReturnTo } from './return-to.js';

describe('safeReturnTo', () => {
  it('keeps a path of this site, with its query and fragment', () => {
    expect(safeReturnTo('/groups/abc?tab=files#top')).toBe('/groups/abc?tab=files#top');
    expect(safeReturnTo('/')).toBe('/');
  });

  it.each([
    ['another site', 'https://evil.example/x'],
    ['a protocol-relative URL', '//evil.example/x'],
    ['a backslash that browsers read as a slash', '/\\evil.example'],
    ['a tab that URL parsers drop', '/\t/evil.example'],
    ['a newline', '/\n/evil.example'],
    ['a relative path', 'groups'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['nothing', undefined],
    ['an empty string', ''],
    ['a repeated parameter', ['/a', '/b']],
    ['a very long path', `/${'a'.repeat(3000)}`],
  ])('answers / for %s', (_label, value) => {
    expect(safeReturnTo(value)).toBe('/');
  });
});
