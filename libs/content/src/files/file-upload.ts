import { Transform } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { type MultipartFilePart, MultipartErrors, readMultipartFile } from '@kennisplein/core';
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
export async function receiveUpload(
  req: IncomingMessage,
  storage: FileStorage,
  key: string,
  maxBytes: number,
  allowedFields: readonly string[],
): Promise<ReceivedFile> {
  const tooLarge = () => FileErrors.too_large({ limit: mib(maxBytes) });
  const body = await readMultipartFile(req, {
    notMultipart: FileErrors.not_multipart,
    fields: allowedFields,
    limits: { fileSize: maxBytes, fields: 10, fieldSize: 2000 },
    fileInOtherField: (field) => FileErrors.file_in_other_field({ field }),
    tooManyFiles: FileErrors.one_per_upload,
    tooManyFields: FileErrors.too_many_fields,
    receive: (part) =>
      store(part, storage, key, maxBytes).catch((cause: unknown) => {
        throw cause instanceof ObjectTooLarge ? tooLarge() : MultipartErrors.interrupted();
      }),
  });
  const { file } = body;
  // Here a body that could not be read to its end outweighs what was wrong in it.
  const refusal = body.malformed ? MultipartErrors.malformed() : body.problem;
  if (file && (refusal || file.truncated)) await storage.remove(key);
  if (refusal) throw refusal;
  if (!file) throw FileErrors.missing();
  if (file.truncated) throw tooLarge();
  return { size: file.size, sha256: file.sha256, filename: file.filename, head: file.head, fields: body.fields };
}

/** The part into storage; its first bytes are kept for sniffing as they pass. */
async function store(part: MultipartFilePart, storage: FileStorage, key: string, maxBytes: number) {
  const headChunks: Buffer[] = [];
  let headLength = 0;
  // The tap holds back (backpressure) until storage reads.
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (headLength < HEAD_BYTES) {
        headChunks.push(chunk);
        headLength += chunk.length;
      }
      done(null, chunk);
    },
  });
  part.stream.pipe(tap);
  // busboy fails the file stream on a truncated body (and so does an interrupted upload); the tap carries it to the storage write.
  part.stream.on('error', (error) => tap.destroy(error));
  // Errors reach the storage write through its pipeline; this keeps one before it attaches from being unhandled.
  tap.on('error', () => undefined);
  const object = await storage.write(key, tap, maxBytes);
  return {
    ...object,
    filename: part.filename || 'bestand',
    head: Buffer.concat(headChunks).subarray(0, HEAD_BYTES),
    truncated: part.stream.truncated === true,
  };
}
