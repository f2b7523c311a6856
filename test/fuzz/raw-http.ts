import { Agent, request } from 'node:http';

/** A request as the fuzzer builds it: the path exactly as sent (already percent-encoded, or not). */
export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/**
 * Sends a request over a plain socket with node:http, which (unlike supertest) leaves the
 * path, the headers and the body as they are: unescaped bytes, odd types, bodies that do
 * not match their Content-Type. Answers the status, the headers and the body as text.
 */
export function send(baseUrl: string, raw: RawRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: raw.method,
        path: raw.path,
        headers: { ...raw.headers, ...(raw.body ? { 'Content-Length': String(raw.body.length) } : {}) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(raw.body);
  });
}

export function closeAgent(): void {
  agent.destroy();
}

/** A short form of a request for a failure message: enough to see what was sent, never megabytes. */
export function describeRequest(raw: RawRequest): string {
  const clip = (text: string) => (text.length > 600 ? `${text.slice(0, 600)}… (${text.length} characters)` : text);
  const headers = Object.entries(raw.headers).map(([name, value]) => `${name}: ${clip(value)}`);
  return [`${raw.method} ${clip(raw.path)}`, ...headers, '', raw.body ? clip(raw.body.toString('latin1')) : ''].join('\n');
}
