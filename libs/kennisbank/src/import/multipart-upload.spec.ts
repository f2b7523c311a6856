import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { readUpload } from './multipart-upload.js';

const LIMITS = { maxFileBytes: 1024 * 1024, maxFiles: 10, maxRequestBytes: 10 * 1024 * 1024 };
const BOUNDARY = 'grens';

/** A request whose body is these bytes: the stream readUpload reads, with the headers it looks at. */
function requestOf(body: string): IncomingMessage {
  const req = new PassThrough() as PassThrough & { headers: Record<string, string> };
  req.headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
  req.end(Buffer.from(body));
  return req as unknown as IncomingMessage;
}

const part = (name: string, content: string, filename?: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n${content}\r\n`;

describe('readUpload', () => {
  it('reads the fields and documents of a whole body', async () => {
    const upload = await readUpload(requestOf(`${part('congress', 'nioc2025')}${part('files[]', 'Tekst', 'a.txt')}--${BOUNDARY}--\r\n`), ['congress'], LIMITS);
    expect(upload.fields.get('congress')).toBe('nioc2025');
    expect(await Promise.all(upload.documents.map(async (document) => [document.name, (await document.read()).toString()]))).toEqual([['a.txt', 'Tekst']]);
  });

  // Found by the fuzzer: busboy fails the open document's stream too, which had no error listener, so the process crashed.
  it('refuses a body that ends inside a document with a code, and lives on', async () => {
    const truncated = `${part('congress', 'nioc2025')}--${BOUNDARY}\r\nContent-Disposition: form-data; name="files[]"; filename="a.txt"\r\n\r\nTekst zonder ein`;
    await expect(readUpload(requestOf(truncated), ['congress'], LIMITS)).rejects.toMatchObject({ code: 'multipart.malformed' });
    // The stream's error would surface as an uncaught exception after the rejection.
    await new Promise((resolve) => setImmediate(resolve));
  });
});
