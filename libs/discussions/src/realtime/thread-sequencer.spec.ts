import { describe, expect, it } from '@jest/globals';
import { type ThreadEvent, ThreadSequencer } from './thread-sequencer.js';

const created = (seq: number): ThreadEvent<{ seq: number; body?: string }> => ({ type: 'created', message: { seq } });

function harness(start: number | null = 0, database: number[] = []) {
  const delivered: string[] = [];
  const fetches: [number, number][] = [];
  const sequencer = new ThreadSequencer<{ seq: number; body?: string }>(
    {
      deliver: (event) => delivered.push(event.type === 'created' ? String(event.message.seq) : `${event.type}:${event.message.seq}`),
      fetch: (after, upTo) => {
        fetches.push([after, upTo]);
        return Promise.resolve(database.filter((seq) => seq > after && seq <= upTo).map((seq) => ({ seq })));
      },
    },
    10,
  );
  if (start !== null) sequencer.start(start);
  return { sequencer, delivered, fetches };
}

describe('ThreadSequencer', () => {
  it('delivers in seq order whatever order announcements arrive in, each once', () => {
    const { sequencer, delivered } = harness();
    for (const seq of [2, 1, 1, 4, 3, 2, 5]) sequencer.accept(created(seq));
    expect(delivered).toEqual(['1', '2', '3', '4', '5']);
  });

  it('buffers until started, then keeps only what came after the last seq it was given', () => {
    const { sequencer, delivered } = harness(null);
    for (const seq of [6, 8, 7]) sequencer.accept(created(seq));
    expect(delivered).toEqual([]);
    sequencer.start(6);
    expect(delivered).toEqual(['7', '8']);
  });

  it('reads a message whose announcement never came from the database', async () => {
    const { sequencer, delivered, fetches } = harness(0, [1, 2, 3]);
    sequencer.accept(created(1));
    sequencer.accept(created(3));
    expect(delivered).toEqual(['1']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fetches).toEqual([[1, 2]]);
    expect(delivered).toEqual(['1', '2', '3']);
  });

  it('catches up on a last announcement that was lost, when reconciled', async () => {
    const { sequencer, delivered } = harness(0, [1, 2]);
    sequencer.accept(created(1));
    sequencer.reconcile(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(delivered).toEqual(['1', '2']);
  });

  it('holds a change to a message until the message itself was delivered', () => {
    const { sequencer, delivered } = harness();
    sequencer.accept({ type: 'updated', message: { seq: 2, body: 'new' } });
    sequencer.accept(created(2));
    sequencer.accept(created(1));
    expect(delivered).toEqual(['1', '2', 'updated:2']);
  });

  it('gives a joiner everything delivered after its start, in order', () => {
    const { sequencer } = harness(3);
    sequencer.accept(created(4));
    sequencer.addJoiner('socket-1');
    sequencer.accept(created(6));
    sequencer.accept(created(5));
    expect(sequencer.joinerFrom('socket-1')).toBe(4);
    expect(sequencer.takeJoiner('socket-1').map((event) => event.message.seq)).toEqual([5, 6]);
    expect(sequencer.takeJoiner('socket-1')).toEqual([]);
  });

  it('tells when a seq was reached', async () => {
    const { sequencer } = harness(1);
    let reached = false;
    void sequencer.reached(3).then(() => (reached = true));
    sequencer.accept(created(2));
    await Promise.resolve();
    expect(reached).toBe(false);
    sequencer.accept(created(3));
    await Promise.resolve();
    expect(reached).toBe(true);
  });
});
