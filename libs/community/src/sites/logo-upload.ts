import busboy from 'busboy';
import { fileTypeFromBuffer } from 'file-type';
import type { IncomingMessage } from 'node:http';
import { discardPart, type DomainError, MultipartErrors } from '@kennisplein/core';
import { SiteErrors } from '../community.errors.js';
import { looksLikeSvg, sanitizeSvg } from './svg-logo.js';

/** Logos are small: their bytes are held in memory and kept in the database. */
export const LOGO_MAX_BYTES = 1024 * 1024;

/** Raster images by their magic bytes; SVG (which file-type does not detect) by its start, then sanitized. */
const LOGO_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp']);

export interface ReceivedLogo {
  bytes: Buffer;
  contentType: string;
}

/**
 * Reads the `file` part of a multipart body (up to LOGO_MAX_BYTES) and sniffs its type from
 * its bytes (never the name or the declared type); an SVG is kept only as sanitized.
 */
export async function receiveLogo(req: IncomingMessage): Promise<ReceivedLogo> {
  const bytes = await readFilePart(req);
  const detected = await fileTypeFromBuffer(bytes);
  if (detected && LOGO_TYPES.has(detected.mime)) return { bytes, contentType: detected.mime };
  if (!detected && looksLikeSvg(bytes)) {
    const clean = sanitizeSvg(bytes);
    if (clean) return { bytes: clean, contentType: 'image/svg+xml' };
  }
  throw SiteErrors.logo_type();
}

function readFilePart(req: IncomingMessage): Promise<Buffer> {
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) return Promise.reject(SiteErrors.logo_missing());
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: LOGO_MAX_BYTES, fields: 0 } });
    } catch {
      reject(MultipartErrors.no_boundary());
      return;
    }
    let problem: DomainError | null = null;
    let file: Buffer | null = null;
    parser.on('field', (name) => (problem ??= MultipartErrors.unknown_field({ field: name })));
    parser.on('file', (field, stream) => {
      if (field !== 'file') {
        problem ??= MultipartErrors.unknown_field({ field });
        discardPart(stream);
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => (problem ??= SiteErrors.logo_too_large({ limit: '1 MiB' })));
      stream.on('end', () => (file = Buffer.concat(chunks)));
      stream.on('error', () => (problem ??= MultipartErrors.interrupted()));
    });
    parser.on('error', () => {
      req.unpipe(parser);
      req.resume();
      reject(problem ?? MultipartErrors.malformed());
    });
    parser.on('close', () => {
      if (problem) reject(problem);
      else if (!file || file.length === 0) reject(SiteErrors.logo_missing());
      else resolve(file);
    });
    req.pipe(parser);
  });
}
