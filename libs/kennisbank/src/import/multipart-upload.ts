import type { IncomingMessage } from 'node:http';
import { discardPart, type DomainError, MultipartErrors, multipartParser } from '@kennisplein/core';
import { ImportErrors } from '../kennisbank.errors.js';
import { DocumentRejected } from './document-reader.js';

/** A document to import: its bytes are read when the import gets to it. */
export interface DocumentSource {
  name: string;
  read(): Promise<Buffer>;
}

export interface UploadLimits {
  maxFileBytes: number;
  maxFiles: number;
  maxRequestBytes: number;
}

export interface Upload {
  fields: Map<string, string>;
  documents: DocumentSource[];
}

const FILE_FIELDS = new Set(['files[]', 'files']);
const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

/**
 * Reads a multipart/form-data import: the documents of `files[]` and the other fields. A
 * document over the per-file limit is not kept: it becomes a source that fails with that
 * reason, so the other documents still import. The request as a whole is bounded too
 * (413), because its documents are held until the import runs.
 */
export function readUpload(req: IncomingMessage, allowedFields: readonly string[], limits: UploadLimits): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let parser: ReturnType<typeof multipartParser>;
    try {
      parser = multipartParser(req, { files: limits.maxFiles, fileSize: limits.maxFileBytes, fields: 20, fieldSize: 10_000 }, ImportErrors.not_multipart);
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    const fields = new Map<string, string>();
    const documents: DocumentSource[] = [];
    let total = 0;
    let failed = false;
    const fail = (error: DomainError) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume();
      reject(error instanceof Error ? error : new Error(String(error)));
    };

    parser.on('field', (name, value) => {
      if (!allowedFields.includes(name)) fail(MultipartErrors.unknown_field({ field: name }));
      else fields.set(name, value.trim());
    });
    parser.on('file', (field, stream, info) => {
      const name = info.filename || 'document';
      if (!FILE_FIELDS.has(field)) {
        discardPart(stream);
        fail(ImportErrors.documents_in_other_field({ field }));
        return;
      }
      const chunks: Buffer[] = [];
      // A body that ends inside a document fails its stream as well as the parser: never an unhandled error.
      stream.on('error', () => fail(MultipartErrors.malformed()));
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > limits.maxRequestBytes) {
          fail(ImportErrors.too_large({ limit: mib(limits.maxRequestBytes) }));
        } else {
          chunks.push(chunk);
        }
      });
      stream.on('limit', () => (chunks.length = 0));
      stream.on('end', () => {
        if (stream.truncated) {
          const reason = `te groot, meer dan ${mib(limits.maxFileBytes)} / too large, more than ${mib(limits.maxFileBytes)}`;
          documents.push({ name, read: () => Promise.reject(new DocumentRejected(reason)) });
        } else {
          const bytes = Buffer.concat(chunks);
          documents.push({ name, read: () => Promise.resolve(bytes) });
        }
      });
    });
    parser.on('filesLimit', () => fail(ImportErrors.too_many_documents({ max: limits.maxFiles })));
    parser.on('fieldsLimit', () => fail(ImportErrors.too_many_fields()));
    parser.on('error', () => fail(MultipartErrors.malformed()));
    parser.on('close', () => {
      if (!failed) resolve({ fields, documents });
    });
    req.on('aborted', () => fail(MultipartErrors.interrupted()));
    req.pipe(parser);
  });
}
