import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors/domain-error.js';
import { checkInput, checkRawJson } from './input-limits.js';

const limits = { maxKeys: 10, maxDepth: 3 };
const codeOf = (work: () => void): string | undefined => {
  try {
    work();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
};
const raw = (text: string) => () => checkRawJson(Buffer.from(text), limits);

describe('checkRawJson', () => {
  it('lets through what is within the bounds, strings with brackets and escapes included', () => {
    expect(codeOf(raw('{"a":[1,2,{"b":"[[[[{{{{,,,,"}],"c":"\\\\u0000 is text","d":"\\"]]]"}'))).toBeUndefined();
    expect(codeOf(raw('not json at all'))).toBeUndefined();
  });

  it('refuses nesting past the bound', () => {
    expect(codeOf(raw('[[[1]]]'))).toBeUndefined();
    expect(codeOf(raw('[[[[1]]]]'))).toBe('common.body_too_deep');
  });

  it('refuses more keys and items than the bound, counted together', () => {
    expect(codeOf(raw('{"a":[1,2,3,4],"b":5,"c":6,"d":7}'))).toBeUndefined();
    expect(codeOf(raw('{"a":[1,2,3,4,5,6],"b":5,"c":6,"d":7,"e":8}'))).toBe('common.body_too_many_keys');
  });

  it('refuses an escaped NUL, in a value or a key', () => {
    expect(codeOf(raw('{"a":"x\\u0000y"}'))).toBe('common.nul_character');
    expect(codeOf(raw('{"\\u0000":1}'))).toBe('common.nul_character');
  });
});

describe('checkInput', () => {
  it('bounds parsed values the same way', () => {
    expect(codeOf(() => checkInput({ a: [1, { b: 'c' }] }, limits))).toBeUndefined();
    expect(codeOf(() => checkInput({ a: { b: { c: { d: 1 } } } }, limits))).toBe('common.body_too_deep');
    expect(codeOf(() => checkInput(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i])), limits))).toBe('common.body_too_many_keys');
    expect(codeOf(() => checkInput({ a: ['x\u0000'] }, limits))).toBe('common.nul_character');
    expect(codeOf(() => checkInput({ ['\u0000']: 1 }, limits))).toBe('common.nul_character');
    expect(codeOf(() => checkInput('plain\u0000', limits))).toBe('common.nul_character');
  });

  // Found by the fuzzer: validator's isEmail threw a URIError on one (a 500).
  it('refuses a lone surrogate, in a value or a key, and lets pairs through', () => {
    expect(codeOf(() => checkInput({ email: 'a\ud800b' }, limits))).toBe('common.lone_surrogate');
    expect(codeOf(() => checkInput({ a: ['\udfff'] }, limits))).toBe('common.lone_surrogate');
    expect(codeOf(() => checkInput({ ['x\udc00']: 1 }, limits))).toBe('common.lone_surrogate');
    expect(codeOf(() => checkInput('\udc00\ud800', limits))).toBe('common.lone_surrogate');
    expect(codeOf(() => checkInput({ a: '😀 𝕂 \ud83d\ude00' }, limits))).toBeUndefined();
  });
});
