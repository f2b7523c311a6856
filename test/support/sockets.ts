import { io, type Socket } from 'socket.io-client';

export type Client = Socket;

/** A socket.io client on /discussions (or another namespace), as a browser would open it (in its language, if given). */
export function connect(baseUrl: string, token: string | undefined, namespace = '/discussions', language?: string): Client {
  return io(`${baseUrl}${namespace}`, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: language === undefined ? {} : { 'Accept-Language': language },
  });
}

/** Connects and waits for the handshake; rejects with the connect_error message. */
export function connected(baseUrl: string, token: string | undefined, namespace = '/discussions', language?: string): Promise<Client> {
  const client = connect(baseUrl, token, namespace, language);
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('connect_error', (error: Error) => {
      client.close();
      reject(error);
    });
  });
}

export interface AckAnswer {
  ok: boolean;
  /** On failure: the code and message an HTTP answer would carry (API.md). */
  error?: { code: string; message: string | string[] };
  status?: number;
  message?: { id: string; seq: number; body: string };
  missed?: { id: string; seq: number; body: string }[];
}

export function send(client: Client, event: string, payload: unknown): Promise<AckAnswer> {
  return client.timeout(10_000).emitWithAck(event, payload) as Promise<AckAnswer>;
}

/** Collects what a client receives of one event. */
export function collect<T>(client: Client, event: string): T[] {
  const received: T[] = [];
  client.on(event, (payload: T) => received.push(payload));
  return received;
}

/** Waits until `done` holds (checked on each event and every 50 ms); the deadline only ends a hung test. */
export async function until(done: () => boolean, what: string, deadlineMs = 15_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
