import { expect } from '@jest/globals';

interface Answer {
  status: number;
  body: { code?: unknown };
}

/**
 * An error answer as a client reads it: its status and its stable dotted code (API.md).
 * Answers the response, for a test that reads its message too.
 */
export function expectError<T extends Answer>(response: T, status: number, code: string): T {
  expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
  return response;
}
