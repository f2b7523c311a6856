import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { io } from 'socket.io-client';
import { type Client, connected } from '../support/sockets.js';
import { createTestApp, V1 } from '../support/test-app.js';
import { anyJson, boundaryNumber, headerText, nastyString, toJson } from './arbitraries.js';
import { FUZZ_ENV } from './fuzz-env.js';
import { announce, deadlineMs, FUZZ_ONLY, FUZZ_RUNS, isCode, seedOf, shortReport } from './settings.js';
import { seedWorld } from './world.js';

/**
 * Every socket event of both namespaces, fuzzed (issue 15): random handshakes, and random
 * events with random payloads from a member and an admin. No crash; every ack that is an
 * error carries a code; the connection and the server stay healthy.
 */

const t = await createTestApp({ env: FUZZ_ENV });
const baseUrl = await t.listen();
const world = await seedWorld(t);
const NAMESPACES = ['/discussions', '/notifications'];
/** The events the gateways handle; those with an ack answer every emit that asks for one. */
const ACKED_EVENTS = ['thread:join', 'thread:leave', 'message:send'];
const EVENTS = [...ACKED_EVENTS, 'typing'];
/** Only ends a wait for an ack that never comes. */
const ACK_DEADLINE_MS = 5_000;

const clients: Client[] = [];
/** With FUZZ_STATS=1, the acks by event and outcome: how far the payloads got. */
const acks = new Map<string, number>();
afterAll(async () => {
  if (process.env.FUZZ_STATS) console.info(`acks\n${[...acks].sort().map(([key, n]) => `${key}: ${n}`).join('\n')}`);
  for (const client of clients.splice(0)) client.close();
  await t.close();
});

announce('sockets');

/** A socket payload: the fields of the events with real, odd and wrong values, or anything at all. */
const ids = fc.oneof(fc.constantFrom(world.threadId, ...world.pools.ids), fc.uuid(), nastyString.filter((text) => text.length < 2_000));
const fieldValue = fc.oneof({ weight: 3, arbitrary: ids }, { weight: 1, arbitrary: anyJson }, { weight: 1, arbitrary: boundaryNumber });
const payload: fc.Arbitrary<unknown> = fc
  .oneof(
    { weight: 6, arbitrary: fc.record({ threadId: fieldValue, lastSeq: fieldValue, body: fc.oneof(nastyString, anyJson), parentId: fieldValue, clientId: fieldValue }, { requiredKeys: [] }) },
    { weight: 2, arbitrary: anyJson },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
  )
  .filter((value) => Buffer.isBuffer(value) || JSON.stringify(value).length * 3 < 48_000);

interface Emit {
  event: string;
  args: unknown[];
  ack: boolean;
}

/** Payloads each event accepts, with odd but allowed text: a join or a message that does its work. */
const threadIds = fc.constantFrom(world.threadId, ...world.pools.byResource.threads);
const VALID_PAYLOADS: Record<string, fc.Arbitrary<object>> = {
  'thread:join': fc.record({ threadId: threadIds, lastSeq: fc.oneof(fc.nat({ max: 50 }), fc.constant(2_147_483_647)) }, { requiredKeys: ['threadId'] }),
  'thread:leave': fc.record({ threadId: threadIds }),
  'message:send': fc.record(
    {
      threadId: threadIds,
      body: nastyString.filter((text) => text.length > 0 && text.length <= 10_000),
      clientId: fc.uuid(),
      parentId: fc.constantFrom(...world.pools.byResource.messages),
    },
    { requiredKeys: ['threadId', 'body'] },
  ),
  typing: fc.record({ threadId: threadIds }),
};
const validEmit: fc.Arbitrary<Emit> = fc
  .constantFrom(...EVENTS)
  .chain((event) => fc.tuple(VALID_PAYLOADS[event], fc.boolean()).map(([value, ack]) => ({ event, args: [value], ack })));

const anyEmit: fc.Arbitrary<Emit> = fc.record({
  event: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...EVENTS) }, { weight: 1, arbitrary: nastyString.filter((text) => text.length < 1_000 && !/^(connect|connect_error|disconnect|disconnecting|newListener|removeListener)$/.test(text)) }),
  // Within socket.io's payload limit (beyond it the server closes the connection, by design).
  args: fc
    .oneof({ weight: 6, arbitrary: payload.map((value) => [value]) }, { weight: 1, arbitrary: fc.array(payload, { maxLength: 3 }) })
    .filter((args) => args.reduce((sum: number, arg) => sum + (Buffer.isBuffer(arg) ? arg.length : JSON.stringify(arg).length * 3), 0) < 48_000),
  ack: fc.boolean(),
});
const emit = fc.oneof({ weight: 2, arbitrary: validEmit }, { weight: 3, arbitrary: anyEmit });

/** What is wrong with an ack, or undefined. */
function ackFault(answer: unknown): string | undefined {
  if (typeof answer !== 'object' || answer === null) return `acked ${JSON.stringify(answer)}, no object`;
  const { ok, error, status } = answer as { ok?: unknown; error?: { code?: unknown }; status?: unknown };
  if (ok === true) return undefined;
  if (ok !== false) return `acked without ok: ${JSON.stringify(answer).slice(0, 300)}`;
  if (!isCode(error?.code)) return `acked an error without a code: ${JSON.stringify(answer).slice(0, 300)}`;
  // The socket's 500: the server failed, whatever the code says.
  return typeof status === 'number' && status >= 500 ? `acked a server error: ${JSON.stringify(answer).slice(0, 300)}` : undefined;
}

async function sendOne(client: Client, namespace: string, { event, args, ack }: Emit): Promise<string | undefined> {
  // /notifications handles no event of the client's: nothing there answers an ack.
  if (!ack || namespace !== '/discussions' || !ACKED_EVENTS.includes(event)) {
    client.emit(event, ...args);
    return undefined;
  }
  try {
    const answer: unknown = await client.timeout(ACK_DEADLINE_MS).emitWithAck(event, ...args);
    const key = `${event} ${(answer as { ok?: boolean; error?: { code?: string } })?.ok ? 'ok' : (answer as { error?: { code?: string } })?.error?.code}`;
    acks.set(key, (acks.get(key) ?? 0) + 1);
    return ackFault(answer);
  } catch {
    return `no ack within ${ACK_DEADLINE_MS} ms`;
  }
}

/**
 * The connection still works: a leave of a thread one is not in is acked ok (on
 * /notifications, which answers nothing, over a /discussions socket of the same user, after
 * which a disconnect of the fuzzed one would have arrived).
 */
async function stillHealthy(client: Client, prober = client): Promise<string | undefined> {
  try {
    const answer = (await prober.timeout(ACK_DEADLINE_MS).emitWithAck('thread:leave', { threadId: world.threadId })) as { ok?: boolean };
    if (!client.connected) return `the socket was disconnected (${String((client as Client & { lastDisconnect?: string }).lastDisconnect)})`;
    return answer.ok === true ? undefined : `the probe was answered ${JSON.stringify(answer)}`;
  } catch {
    return 'the probe got no ack';
  }
}

const describeEmits = (emits: Emit[]) => emits.map(({ event, args, ack }) => `${ack ? 'emitWithAck' : 'emit'}(${JSON.stringify(event)}, ${args.map((arg) => toJson(arg).slice(0, 300)).join(', ')})`).join('\n');

const included = (name: string) => !FUZZ_ONLY || FUZZ_ONLY.test(name);

describe('socket handshakes, fuzzed', () => {
  const name = 'socket handshake';
  (included(name) ? it : it.skip)(
    'refuse any token but a valid one with connect_error and a code',
    async () => {
      const auth = fc.oneof(
        fc.constant(undefined),
        anyJson,
        fc.record({ token: fc.oneof(anyJson, fc.constantFrom(`${world.member.accessToken}x`, world.member.accessToken.slice(0, -2), 'Bearer x', '')) }),
      ).filter((value) => toJson(value).length < 30_000);
      const property = fc.asyncProperty(fc.constantFrom(...NAMESPACES), auth, fc.option(headerText), async (namespace, handshakeAuth, language) => {
        const client = io(`${baseUrl}${namespace}`, {
          auth: handshakeAuth as Record<string, unknown>,
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          extraHeaders: language === null ? {} : { 'Accept-Language': language },
        });
        let deadline: NodeJS.Timeout | undefined;
        try {
          const outcome = await new Promise<string | undefined>((resolve) => {
            deadline = setTimeout(() => resolve(`neither connect nor connect_error within ${ACK_DEADLINE_MS} ms`), ACK_DEADLINE_MS);
            // socket.io's protocol wants an object as auth: for anything else it closes the connection (no handler runs).
            const protocolError = typeof handshakeAuth !== 'object' || handshakeAuth === null || Array.isArray(handshakeAuth);
            client.once('disconnect', (reason) => resolve(protocolError ? undefined : `disconnected (${reason}) during the handshake`));
            client.once('connect', () => resolve(undefined));
            client.once('connect_error', (error: Error & { data?: { code?: unknown } }) =>
              resolve(isCode(error.data?.code) ? undefined : `connect_error without a code: ${error.message}`),
            );
          });
          if (outcome) throw new Error(`${outcome}\nnamespace ${namespace}, auth ${toJson(handshakeAuth).slice(0, 500)}`);
        } finally {
          clearTimeout(deadline);
          client.close();
        }
      });
      await fc.assert(property, { seed: seedOf(name), numRuns: FUZZ_RUNS, reporter: shortReport });
    },
    deadlineMs(FUZZ_RUNS),
  );
});

describe('socket events, fuzzed', () => {
  const cases = NAMESPACES.flatMap((namespace) => (['member', 'admin'] as const).map((actor) => ({ name: `${namespace} as ${actor}`, namespace, actor }))).filter(({ name }) =>
    included(name),
  );

  (cases.length > 0 ? it.each(cases) : it.skip.each([{ name: 'none', namespace: '', actor: 'member' as const }]))(
    '$name: every ack with an error has a code, the connection lives on',
    async ({ name, namespace, actor }) => {
      const watched = async () => {
        const socket = await connected(baseUrl, world[actor].accessToken, namespace);
        socket.on('disconnect', (reason) => Object.assign(socket, { lastDisconnect: reason }));
        return socket;
      };
      let client = await watched();
      const prober = namespace === '/discussions' ? undefined : await connected(baseUrl, world[actor].accessToken);
      clients.push(client, ...(prober ? [prober] : []));
      const property = fc.asyncProperty(fc.array(emit, { minLength: 1, maxLength: 6 }), async (emits) => {
        // A run that failed left its socket behind; the next starts on a fresh one.
        if (!client.connected) {
          client = await watched();
          clients.push(client);
        }
        for (const one of emits) {
          const problem = await sendOne(client, namespace, one);
          if (problem) throw new Error(`${problem}\n${describeEmits(emits)}`);
        }
        const health = await stillHealthy(client, prober);
        if (health) throw new Error(`${health}\n${describeEmits(emits)}`);
      });
      await fc.assert(property, { seed: seedOf(name), numRuns: FUZZ_RUNS, reporter: shortReport });
    },
    deadlineMs(FUZZ_RUNS * 4),
  );

  it('leaves the server healthy', async () => {
    const health = await t.http().get(`${V1}/health`);
    expect({ status: health.status, body: health.body.status }).toEqual({ status: 200, body: 'ok' });
    const client = await connected(baseUrl, world.member.accessToken);
    clients.push(client);
    expect(await stillHealthy(client)).toBeUndefined();
  });
});
