import { describe, expect, it } from '@jest/globals';
import { LocalWindow } from './local-window.js';

describe('LocalWindow', () => {
  it('allows the limit per window, refuses what is over it, and starts afresh when the window is over', () => {
    const window = new LocalWindow(2, 10, 0);
    expect([window.take(1_000), window.take(2_000), window.take(3_000)]).toEqual([true, true, false]);
    expect(window.retryAfterSeconds(3_000)).toBe(7);
    expect(window.retryAfterSeconds(9_500)).toBe(1);
    expect(window.take(10_000)).toBe(true);
    expect(window.retryAfterSeconds(10_000)).toBe(10);
  });
});
