import { describe, expect, it } from '@jest/globals';
import { ThreadSequencer } from './thread-sequencer.js';

const message = (seq: number) => ({ seq });

function harness(start = 0, database: number[] = []) {
  const delivered: number[] = [];
  const fetches: [number, number][] = [];
  const sequencer = new ThreadSequencer(
    start,
    {
      deliver: (m) => delivered.push(m.seq),
      fetch: (after, upTo) => {
        fetches.push([after, upTo]);
        return Promise.resolve(database.filter((seq) => seq > after && seq <= upTo).map(message));
      },
    },
    10,
  );
  return { sequencer, delivered, fetches };
}

describe('ThreadSequencer', () => {
  it('delivers in seq order whatever order announcements arrive in, each once', () => {
    const { sequencer, delivered } = harness();
    for (const seq of [2, 1, 1, 4, 3, 2, 5]) sequencer.accept(message(seq));
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
  });

  it('ignores what was delivered before it started', () => {
    const { sequencer, delivered } = harness(7);
    for (const seq of [6, 7, 8]) sequencer.accept(message(seq));
    expect(delivered).toEqual([8]);
  });

  it('reads a message whose announcement never came from the database', async () => {
    const { sequencer, delivered, fetches } = harness(0, [1, 2, 3]);
    sequencer.accept(message(1));
    sequencer.accept(message(3));
    expect(delivered).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fetches).toEqual([[1, 2]]);
    expect(delivered).toEqual([1, 2, 3]);
  });

  it('gives a joiner everything delivered after its high-water mark, in order', () => {
    const { sequencer } = harness(3);
    sequencer.accept(message(4));
    const highWater = sequencer.addJoiner('socket-1');
    sequencer.accept(message(6));
    sequencer.accept(message(5));
    expect(highWater).toBe(4);
    expect(sequencer.takeJoiner('socket-1').map((m) => m.seq)).toEqual([5, 6]);
    expect(sequencer.takeJoiner('socket-1')).toEqual([]);
  });
});
