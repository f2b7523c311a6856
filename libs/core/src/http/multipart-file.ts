import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { DomainError } from '../errors/domain-error.js';
import { discardPart, MultipartErrors } from './multipart-errors.js';

/** The file part as it streams in: read it to its end (or until it fails). */
export interface MultipartFilePart {
  /** The name the client gave it ("" when none). */
  filename: string;
  /** Ends after the part, or fails when the body ends inside it; `truncated` once it passed fileSize. */
  stream: Readable & { truncated?: boolean };
}

export interface MultipartFileOptions<T> {
  /** The answer to a body that is no multipart/form-data at all. */
  notMultipart: () => DomainError;
  /** The fields besides the file part that the route takes; any other is multipart.unknown_field. */
  fields: readonly string[];
  /** busboy's limits; `files` is 1 unless the route says otherwise. */
  limits: { fileSize: number; files?: number; fields?: number; fieldSize?: number };
  /** What a file part under another name than `file` is told. */
  fileInOtherField: (field: string) => DomainError;
  tooManyFiles?: () => DomainError;
  tooManyFields?: () => DomainError;
  /** Takes the file part in; a rejection of it is what the whole read rejects with. */
  receive: (part: MultipartFilePart) => Promise<T>;
}

/** A multipart body read to its end; what of it the route refuses, and in which order, is the route's to say. */
export interface MultipartFileBody<T> {
  fields: Map<string, string>;
  /** What `receive` made of the `file` part; null when the body had none. */
  file: T | null;
  /** The first thing in the body that the options refuse (a field, a part, a limit). */
  problem: DomainError | null;
  /** The body could not be read to its end (cut off, or malformed inside). */
  malformed: boolean;
}

/**
 * The busboy parser of every multipart route: file names read as UTF-8 (browsers send them so;
 * busboy would read Latin-1). Throws `notMultipart()` for a body of another type and
 * multipart.no_boundary for one without a boundary.
 */
export function multipartParser(req: IncomingMessage, limits: busboy.Limits, notMultipart: () => DomainError): busboy.Busboy {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) throw notMultipart();
  try {
    return busboy({ headers: req.headers, defParamCharset: 'utf8', limits });
  } catch {
    throw MultipartErrors.no_boundary();
  }
}

/**
 * Reads a multipart/form-data body with one file part, named `file`, and a few fields
 * (before or after it). The file part goes to `receive` as a stream, so the route decides
 * whether it is held in memory or streamed on; nothing of any other part is kept. An
 * upload the client breaks off fails the file part's stream, so `receive` never waits forever.
 */
export function readMultipartFile<T>(req: IncomingMessage, options: MultipartFileOptions<T>): Promise<MultipartFileBody<T>> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = multipartParser(req, { files: 1, ...options.limits }, options.notMultipart);
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const fields = new Map<string, string>();
    let problem: DomainError | null = null;
    let received: Promise<T | null> = Promise.resolve(null);
    let finished = false;

    parser.on('field', (name, value) => {
      if (!options.fields.includes(name)) problem ??= MultipartErrors.unknown_field({ field: name });
      else fields.set(name, value);
    });
    parser.on('file', (field, stream, info) => {
      if (field !== 'file') {
        problem ??= options.fileInOtherField(field);
        discardPart(stream);
        return;
      }
      // A receive that stops listening must not end the process with the stream's error.
      stream.on('error', () => undefined);
      // An interrupted upload never ends its file stream: fail it, so whatever reads it stops (and cleans up).
      req.on('close', () => {
        if (!finished && !req.complete) stream.destroy(new Error('the upload was interrupted'));
      });
      received = options.receive({ filename: info.filename ?? '', stream });
      // The outcome is read at the end; an early failure must not go unhandled meanwhile, nor stall busboy.
      received.catch(() => stream.resume());
    });
    parser.on('filesLimit', () => (problem ??= options.tooManyFiles?.() ?? null));
    parser.on('fieldsLimit', () => (problem ??= options.tooManyFields?.() ?? null));
    parser.on('error', () => {
      req.unpipe(parser);
      req.resume();
      settle(true);
    });
    parser.on('close', () => settle(false));

    const settle = (malformed: boolean) => {
      if (finished) return;
      finished = true;
      const refused = problem;
      received.then((file) => resolve({ fields, file, problem: refused, malformed }), reject);
    };
    req.pipe(parser);
  });
}
