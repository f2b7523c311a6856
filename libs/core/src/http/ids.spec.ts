import { describe, expect, it } from '@jest/globals';
import { CommonErrors, DomainError } from '../errors/domain-error.js';
import { IdPipe, isUuid } from './ids.js';

describe('ids', () => {
  it('knows a UUID in either case, and nothing else', () => {
    expect(isUuid('0b6f2d3e-8a41-4c7e-9f10-2a3b4c5d6e7f')).toBe(true);
    expect(isUuid('0B6F2D3E-8A41-4C7E-9F10-2A3B4C5D6E7F')).toBe(true);
    for (const value of ['', 'not-a-uuid', '0b6f2d3e-8a41-4c7e-9f10-2a3b4c5d6e7', ' 0b6f2d3e-8a41-4c7e-9f10-2a3b4c5d6e7f']) expect(isUuid(value)).toBe(false);
  });

  it('passes a UUID through and answers the route\'s not-found for anything else', () => {
    const pipe = new IdPipe(CommonErrors.not_found);
    expect(pipe.transform('0b6f2d3e-8a41-4c7e-9f10-2a3b4c5d6e7f')).toBe('0b6f2d3e-8a41-4c7e-9f10-2a3b4c5d6e7f');
    expect(() => pipe.transform('1; DROP TABLE users')).toThrow(DomainError);
    try {
      pipe.transform('x');
    } catch (error) {
      expect((error as DomainError).code).toBe('common.not_found');
      expect((error as DomainError).status).toBe(404);
    }
  });
});
