import { CommonErrors } from '../errors/domain-error.js';

/**
 * Bounds on what a caller may send, checked before anything expensive runs: before
 * JSON.parse's result reaches class-transformer and class-validator (whose work and error
 * lists grow with every key), before recursion can overflow the stack, and before a NUL
 * character reaches PostgreSQL (which refuses it in text with an error of its own).
 */
export interface InputLimits {
  /** Object keys and array items in the whole input, together. */
  maxKeys: number;
  /** Nesting of objects and arrays. */
  maxDepth: number;
}

/**
 * Half of a surrogate pair without the other: JSON may escape one ("\\ud800"), but it is no
 * text. Validators that encode their input throw on it (validator's isEmail: URIError), and
 * PostgreSQL would store U+FFFD in its place.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A string fit for the platform: no NUL, no lone surrogate. */
function checkText(text: string): void {
  if (text.includes('\u0000')) throw CommonErrors.nul_character();
  if (LONE_SURROGATE.test(text)) throw CommonErrors.lone_surrogate();
}

/** A socket event's payload is a handful of fields: far less than an HTTP body may hold. */
export const SOCKET_INPUT_LIMITS: InputLimits = { maxKeys: 50, maxDepth: 8 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const U = 0x75;
const ZERO = 0x30;

/**
 * One pass over a raw JSON body, without parsing it: refuses it when it nests deeper or
 * holds more keys and items than allowed, or when a string escapes a NUL (`\u0000`). The
 * structural characters of JSON are ASCII and never occur inside a UTF-8 sequence, so
 * the bytes can be read as they are. Invalid JSON is left to the parser that follows.
 */
export function checkRawJson(body: Buffer, limits: InputLimits): void {
  let depth = 0;
  let entries = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) {
        if (body[i + 1] === U && body[i + 2] === ZERO && body[i + 3] === ZERO && body[i + 4] === ZERO && body[i + 5] === ZERO) {
          throw CommonErrors.nul_character();
        }
        i++;
      } else if (byte === QUOTE) {
        inString = false;
      }
      continue;
    }
    switch (byte) {
      case QUOTE:
        inString = true;
        break;
      case OPEN_BRACE:
      case OPEN_BRACKET:
        if (++depth > limits.maxDepth) throw CommonErrors.body_too_deep({ max: limits.maxDepth });
        // The first key or item of a container; every further one follows a comma.
        if (++entries > limits.maxKeys) throw CommonErrors.body_too_many_keys({ max: limits.maxKeys });
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        depth--;
        break;
      case COMMA:
        if (++entries > limits.maxKeys) throw CommonErrors.body_too_many_keys({ max: limits.maxKeys });
        break;
      default:
        break;
    }
  }
}

/**
 * The same bounds over a value already parsed (a socket payload, a query, a route
 * parameter, a form body), walked without recursion and left at the first excess; and
 * its strings are text (no lone surrogate, which only a parsed value can hold).
 */
export function checkInput(value: unknown, limits: InputLimits): void {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  let entries = 0;
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current === 'string') {
      checkText(current);
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > limits.maxDepth) throw CommonErrors.body_too_deep({ max: limits.maxDepth });
    const keys = Array.isArray(current) ? null : Object.keys(current);
    entries += keys ? keys.length : (current as unknown[]).length;
    if (entries > limits.maxKeys) throw CommonErrors.body_too_many_keys({ max: limits.maxKeys });
    if (keys) {
      for (const key of keys) {
        checkText(key);
        stack.push({ value: (current as Record<string, unknown>)[key], depth: depth + 1 });
      }
    } else {
      for (const item of current as unknown[]) stack.push({ value: item, depth: depth + 1 });
    }
  }
}
