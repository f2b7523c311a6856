import { fileTypeFromBuffer } from 'file-type';
import type { IncomingMessage } from 'node:http';
import { MultipartErrors, readMultipartFile } from '@kennisplein/core';
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

/** The bytes of the `file` part, held in memory (a logo is small). */
async function readFilePart(req: IncomingMessage): Promise<Buffer> {
  const body = await readMultipartFile(req, {
    notMultipart: SiteErrors.logo_missing,
    fields: [],
    limits: { fileSize: LOGO_MAX_BYTES, fields: 0 },
    fileInOtherField: (field) => MultipartErrors.unknown_field({ field }),
    receive: ({ stream }) =>
      // Never rejects: how the part ended is weighed with the rest of the body below.
      new Promise<{ bytes: Buffer; truncated: boolean; interrupted: boolean }>((resolve) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => resolve({ bytes: Buffer.concat(chunks), truncated: stream.truncated === true, interrupted: false }));
        stream.on('error', () => resolve({ bytes: Buffer.alloc(0), truncated: stream.truncated === true, interrupted: true }));
      }),
  });
  const { file } = body;
  if (body.problem) throw body.problem;
  if (file?.truncated) throw SiteErrors.logo_too_large({ limit: '1 MiB' });
  if (file?.interrupted) throw MultipartErrors.interrupted();
  if (body.malformed) throw MultipartErrors.malformed();
  if (!file || file.bytes.length === 0) throw SiteErrors.logo_missing();
  return file.bytes;
}
