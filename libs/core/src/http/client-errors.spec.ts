import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { answerClientErrors } from './client-errors.js';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((_request, response) => response.end('ok'));
  answerClientErrors(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Writes raw bytes to the server and reads all it answers until it closes the connection. */
function rawExchange(bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
    socket.end(bytes);
  });
}

const parse = (answer: string) => {
  const [head, body] = answer.split('\r\n\r\n');
  return { statusLine: head.split('\r\n')[0], type: /content-type: ([^\r]+)/i.exec(head)?.[1], body: JSON.parse(body) as { statusCode: number; code: string } };
};

describe('requests node:http refuses before any route', () => {
  it('answers a raw byte above ASCII in the path with 400 and a code', async () => {
    const answer = parse(await rawExchange(Buffer.from('GET /groups/\xe9/members HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1')));
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.type).toBe('application/json; charset=utf-8');
    expect(answer.body).toMatchObject({ statusCode: 400, code: 'common.malformed_request' });
  });

  it('answers a header section over the limit with 431 and a code', async () => {
    const answer = parse(await rawExchange(Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)));
    expect(answer.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer.body).toMatchObject({ statusCode: 431, code: 'common.headers_too_large' });
  });

  it('answers a request line that is no HTTP with 400 and a code', async () => {
    const answer = parse(await rawExchange(Buffer.from('HELLO\r\n\r\n')));
    expect(answer.body).toMatchObject({ statusCode: 400, code: 'common.malformed_request' });
  });

  // Found by the fuzzer: the client read the body of an answer to HEAD as the start of another answer.
  it('answers HEAD without a body', async () => {
    const answer = await rawExchange(Buffer.from('HEAD /groups/\xe9 HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'));
    expect(answer).toMatch(/^HTTP\/1.1 400 Bad Request\r\n[\s\S]*content-type: application\/json[\s\S]*\r\n\r\n$/i);
  });

  it('still serves a well-formed request', async () => {
    expect(await rawExchange(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'))).toMatch(/^HTTP\/1.1 200 OK[\s\S]*\r\n\r\n(2\r\n)?ok/);
  });
});
