import fc from 'fast-check';

/**
 * Values a careless or hostile client sends: the building blocks of the fuzz runs. Each is
 * a fast-check arbitrary, so a failing run shrinks to a small case and replays from its seed.
 */

/** Text that a JSON value cannot hold as it is: a number beyond a double (JSON.parse gives Infinity), a raw token. */
export class RawJson {
  constructor(readonly text: string) {}
}

const LONG = 'x'.repeat(70_000);
const NASTY_STRINGS = [
  '',
  ' ',
  '\t\r\n',
  'null',
  'undefined',
  'true',
  '0',
  '-1',
  'NaN',
  '__proto__',
  'constructor',
  'toString',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001b[31m\u007f',
  '\ud800',
  'a\udfffb',
  '\ufeff',
  '\u202eevil',
  '\u200b\u200d',
  '𝕂𝕖𝕟𝕟𝕚𝕤 😀 👩‍👩‍👧',
  'Ĳsselmeer café naïve',
  '../../../etc/passwd',
  '..\\..\\windows',
  '%00',
  '%',
  '%zz',
  "'; DROP TABLE users; --",
  '\\',
  '"',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  'http://evil.example/',
  'user@example.org',
  'a'.repeat(201),
  'a'.repeat(5_001),
  LONG,
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2147483648',
  '99999999999999999999',
  '1e400',
  '2026-02-30T25:61:00Z',
  'nioc2025',
  'a\\',
  '\\%_',
  'a & b | !c',
  'net:* <-> (werk',
  ')(',
  "''",
  '!',
  ':*',
  '\u00ad\u034f',
  'NIOC'.repeat(30),
  '-- /* */',
  '\r\n\r\nX-Injected: 1',
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 300, maxLength: 3_000 }) },
);

const NUMBERS = [0, -0, 1, -1, 0.5, -1.5, 100, 101, 2147483647, 2147483648, -2147483648, -2147483649, 4294967296, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, 1e21, 1e308, -1e308, 5e-324];
const RAW_NUMBERS = ['1e400', '-1e400', '1e-400', '123456789012345678901234567890', '-0.0', '1E+2'];

export const boundaryNumber: fc.Arbitrary<number | RawJson> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_NUMBERS).map((text) => new RawJson(text)) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);

/** Objects and arrays nested `depth` deep around a leaf. */
export function nested(depth: number, leaf: unknown = 'x'): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { a: value } : [value];
  return value;
}

const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'id', 'isAdmin', 'role', 'userId', 'extra', '', ' ', '\u0000', 'a.b', '$where', 'x'.repeat(300)];

/** Any JSON value, with nasty leaves, wrong shapes and deep nesting. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    boundaryNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 4 }),
    fc.integer({ min: 20, max: 45 }).map((depth) => nested(depth)),
  ),
})).value;

/** Any value in the place of a valid one: another type, or a valid one wrapped in an array or object. */
export function wrong(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: anyJson },
    { weight: 1, arbitrary: valid.map((value) => [value]) },
    { weight: 1, arbitrary: valid.map((value) => ({ value })) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
}

export { EXTRA_KEYS };

/** JSON.stringify that writes RawJson as it is, and keeps a "__proto__" key (an own key of the parsed body). */
export function toJson(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${toJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Bodies that are no JSON object at all, or no JSON. */
export const rawBody: fc.Arbitrary<string> = fc.constantFrom(
  '',
  ' ',
  'null',
  '"text"',
  '[]',
  '1e400',
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '\ufeff{}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"a":"\\x00"}',
  '{"a":NaN}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  `{"a":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`,
  `[${'0,'.repeat(3_000)}0]`,
  '<xml/>',
  'a=1&b=2',
);

/** Percent-encodes every byte of a string but the unreserved ones (lone surrogates become U+FFFD, as a browser would send them). */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Already-encoded pieces of a URL that no encoder writes: bad escapes, invalid UTF-8, encoded slashes and dots. */
export const rawUrlPiece: fc.Arbitrary<string> = fc.constantFrom(
  '%',
  '%2',
  '%zz',
  '%FF',
  '%C0%80',
  '%ED%A0%80',
  '%E2%82',
  '%00',
  '%2F',
  '..',
  '.',
  '%2e%2e',
  'a%2Fb',
  '%0D%0ASet-Cookie:x=1',
  ';',
  '%3B%3D',
  '\u00e9',
  'x'.repeat(4_000),
);

/** Values for a header, within what node:http lets a client send (tab, visible ASCII, Latin-1). */
export const headerText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', 'null', 'x'.repeat(8_000), '\u00ff\u00e9', 'a, b, c', '*/*;q=0', ';;;', '=', '"'),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((code) => code !== 0x7f).map((code) => String.fromCharCode(code)), maxLength: 60 }),
);
