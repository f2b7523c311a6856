import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { discardPart, type DomainError, MultipartErrors } from '@kennisplein/core';
import { FileErrors } from '../content.errors.js';
import { type FileStorage, ObjectTooLarge, type StoredObject } from '../storage/file-storage.js';

export interface ReceivedFile extends StoredObject {
  filename: string;
  /** The first bytes, for sniffing the type. */
  head: Buffer;
  fields: Map<string, string>;
}

const HEAD_BYTES = 4100;
const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

/**
 * Streams the `file` part of a multipart upload into storage under `key`, never holding
 * it in memory; the other fields may come before or after it. A file over maxBytes, an
 * interrupted upload or a malformed body leaves nothing in storage.
 */
export function receiveUpload(
  req: IncomingMessage,
  storage: FileStorage,
  key: string,
  maxBytes: number,
  allowedFields: readonly string[],
): Promise<ReceivedFile> {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) {
    return Promise.reject(FileErrors.not_multipart());
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 2000 } });
    } catch {
      reject(MultipartErrors.no_boundary());
      return;
    }
    const fields = new Map<string, string>();
    let problem: DomainError | null = null;
    let stored: Promise<(StoredObject & { filename: string; head: Buffer; truncated: boolean }) | null> = Promise.resolve(null);
    let finished = false;

    parser.on('field', (name, value) => {
      if (!allowedFields.includes(name)) problem ??= MultipartErrors.unknown_field({ field: name });
      else fields.set(name, value);
    });
    parser.on('file', (field, stream, info) => {
      if (field !== 'file') {
        problem ??= FileErrors.file_in_other_field({ field });
        discardPart(stream);
        return;
      }
      // The first bytes are kept for sniffing as they pass; the tap holds back (backpressure) until storage reads.
      const headChunks: Buffer[] = [];
      let headLength = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          if (headLength < HEAD_BYTES) {
            headChunks.push(chunk);
            headLength += chunk.length;
          }
          done(null, chunk);
        },
      });
      stream.pipe(tap);
      // busboy fails the file stream on a truncated body; the tap carries it to the storage write.
      stream.on('error', (error) => tap.destroy(error));
      // Errors reach the storage write through its pipeline; this keeps one before it attaches from being unhandled.
      tap.on('error', () => undefined);
      // An interrupted upload never ends its file stream: end it with an error, so the write cleans up.
      req.on('close', () => {
        if (!finished && !req.complete) tap.destroy(new Error('the upload was interrupted'));
      });
      stored = storage.write(key, tap, maxBytes).then((object) => ({
        ...object,
        filename: info.filename || 'bestand',
        head: Buffer.concat(headChunks).subarray(0, HEAD_BYTES),
        truncated: stream.truncated === true,
      }));
      // The outcome is read at 'close'; an early failure must not go unhandled meanwhile, nor stall busboy.
      stored.catch(() => stream.resume());
    });
    parser.on('filesLimit', () => (problem ??= FileErrors.one_per_upload()));
    parser.on('fieldsLimit', () => (problem ??= FileErrors.too_many_fields()));
    parser.on('error', () => {
      finished = true;
      req.unpipe(parser);
      req.resume();
      void settle(MultipartErrors.malformed());
    });
    parser.on('close', () => {
      finished = true;
      void settle(problem);
    });

    let settled = false;
    const settle = async (error: DomainError | null) => {
      if (settled) return;
      settled = true;
      let file: Awaited<typeof stored>;
      try {
        file = await stored;
      } catch (cause) {
        reject(cause instanceof ObjectTooLarge ? FileErrors.too_large({ limit: mib(maxBytes) }) : MultipartErrors.interrupted());
        return;
      }
      if (file && (error || file.truncated)) await storage.remove(key);
      if (error) return reject(error);
      if (!file) return reject(FileErrors.missing());
      if (file.truncated) return reject(FileErrors.too_large({ limit: mib(maxBytes) }));
      resolve({ size: file.size, sha256: file.sha256, filename: file.filename, head: file.head, fields });
    };
    req.pipe(parser);
  });
}
