import { Injectable, Logger } from '@nestjs/common';
import { connect, type Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { ContentConfig } from '../content.config.js';

export type ScanVerdict = { infected: false } | { infected: true; signature: string };

/** clamd could not give a verdict: down, too slow, or it answered an error. */
export class ScannerUnavailable extends Error {}

/** clamd takes INSTREAM chunks of any size up to its StreamMaxLength; 64 KiB keeps each write small. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Scans uploads with clamd (CLAMAV_URL) through its INSTREAM command: the bytes stream
 * to clamd in length-prefixed chunks, never held whole, and clamd answers one line
 * ("stream: OK", "stream: <signature> FOUND" or "… ERROR"). Without CLAMAV_URL every
 * file is clean.
 */
@Injectable()
export class VirusScanner {
  private readonly logger = new Logger('VirusScanner');
  private readonly target: { host: string; port: number } | { path: string } | null;
  private readonly timeoutMs: number;

  constructor(config: ContentConfig) {
    this.target = parseClamavUrl(config.CLAMAV_URL);
    this.timeoutMs = config.CLAMAV_TIMEOUT_SECONDS * 1000;
  }

  get enabled(): boolean {
    return this.target !== null;
  }

  async scan(source: () => Readable): Promise<ScanVerdict> {
    if (!this.target) return { infected: false };
    const reply = await this.instream(this.target, source);
    const found = /^stream: (.+) FOUND$/.exec(reply);
    if (found) return { infected: true, signature: found[1] };
    if (reply === 'stream: OK') return { infected: false };
    // "INSTREAM size limit exceeded. ERROR": clamd's StreamMaxLength is below FILES_MAX_BYTES.
    this.logger.error(`clamd answered "${reply}"${/size limit/i.test(reply) ? ': raise StreamMaxLength in clamd.conf to FILES_MAX_BYTES' : ''}`);
    throw new ScannerUnavailable(reply);
  }

  private instream(target: { host: string; port: number } | { path: string }, source: () => Readable): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket: Socket = 'path' in target ? connect(target.path) : connect(target.port, target.host);
      const replies: Buffer[] = [];
      let input: Readable | undefined;
      let done = false;
      const finish = (error: Error | null, reply?: string) => {
        if (done) return;
        done = true;
        input?.destroy();
        socket.destroy();
        if (error) {
          this.logger.warn(`clamd scan failed: ${error.message}`);
          reject(error instanceof ScannerUnavailable ? error : new ScannerUnavailable(error.message));
        } else resolve(reply ?? '');
      };
      const replyText = () => Buffer.concat(replies).toString('utf8').replace(/\0[\s\S]*$/, '').trim();
      socket.setTimeout(this.timeoutMs, () => finish(new ScannerUnavailable(`clamd was silent for ${this.timeoutMs} ms`)));
      socket.on('error', (error) => {
        // clamd may answer (size limit) and close while chunks are still being written.
        if (replies.length > 0) finish(null, replyText());
        else finish(error);
      });
      socket.on('data', (data: Buffer) => {
        replies.push(data);
        if (data.includes(0)) finish(null, replyText());
      });
      socket.on('end', () => (replies.length > 0 ? finish(null, replyText()) : finish(new ScannerUnavailable('clamd closed without a verdict'))));
      socket.once('connect', () => {
        void (async () => {
          try {
            socket.write('zINSTREAM\0');
            input = source();
            for await (const chunk of input as AsyncIterable<Buffer>) {
              for (let offset = 0; offset < chunk.length && !done; offset += CHUNK_BYTES) {
                const part = chunk.subarray(offset, offset + CHUNK_BYTES);
                const length = Buffer.alloc(4);
                length.writeUInt32BE(part.length);
                socket.write(length);
                // Backpressure: wait for clamd to take the chunk before reading the next.
                if (!socket.write(part)) await new Promise<void>((drained) => socket.once('drain', drained).once('close', drained));
              }
              if (done) return;
            }
            // A zero-length chunk ends the stream; clamd answers after it.
            socket.write(Buffer.alloc(4));
          } catch (error) {
            finish(error instanceof Error ? error : new Error(String(error)));
          }
        })();
      });
    });
  }
}

/** tcp://host:port or unix:///path, as ContentConfig validated it. */
export function parseClamavUrl(url: string | undefined): { host: string; port: number } | { path: string } | null {
  if (!url) return null;
  if (url.startsWith('unix://')) return { path: url.slice('unix://'.length) };
  const parsed = new URL(url);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port) };
}
