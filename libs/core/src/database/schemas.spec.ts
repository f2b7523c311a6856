import { describe, expect, it } from '@jest/globals';
import { searchPathOf, searchPathOption } from './schemas.js';

describe('the search_path of the apps’ connections', () => {
  it('lists the libs’ schemas, then core and public, once each', () => {
    expect(searchPathOf(['identity', 'community', 'core'])).toBe('identity,community,core,public');
    expect(searchPathOption([])).toBe('-c search_path=core,public');
  });

  it('refuses a schema name that would need quoting', () => {
    expect(() => searchPathOf(['Identity'])).toThrow('Schema name "Identity"');
    expect(() => searchPathOf(['a,b'])).toThrow();
  });
});
