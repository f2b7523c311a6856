import { describe, expect, it } from '@jest/globals';
import { slugify } from './themes.service.js';

describe('slugify', () => {
  it('makes a theme name a readable slug', () => {
    expect(slugify('ICT en overheid')).toBe('ict-en-overheid');
    expect(slugify('  Informatica-didactiek & Creëren! ')).toBe('informatica-didactiek-creeren');
    expect(slugify('???')).toBe('');
  });
});
