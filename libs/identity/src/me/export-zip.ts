import { Logger } from '@nestjs/common';
import { PassThrough, type Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { PersonalAttachment } from '@kennisplein/core';

const logger = new Logger('ExportZip');

/**
 * The data export as a zip, streamed: export.json first, then each attachment, each
 * opened only when the zip reaches it (yazl's lazy read streams), so neither the archive
 * nor a file is ever held whole. Files are stored, not deflated: most are compressed already.
 * A file that cannot be read ends the stream with an error (a truncated zip, never a silent gap).
 */
export function exportZip(exported: object, attachments: PersonalAttachment[]): Readable {
  const zip = new ZipFile();
  const output = new PassThrough();
  zip.on('error', (error: Error) => {
    logger.error(`data export zip failed: ${error.message}`);
    output.destroy(error);
  });
  zip.addBuffer(Buffer.from(JSON.stringify(exported, null, 2)), 'export.json', { mtime: new Date() });
  // The file being read; a client that goes away closes it (the zip waits for it and is then let go).
  let current: Readable | undefined;
  output.on('close', () => current?.destroy());
  for (const attachment of attachments) {
    zip.addReadStreamLazy(attachment.path, { size: attachment.size, mtime: attachment.modifiedAt, compress: false }, (done) => {
      if (output.destroyed) return;
      try {
        current = attachment.open();
      } catch (error) {
        done(error, undefined as unknown as Readable);
        return;
      }
      // yazl pipes the stream without listening for its errors: a file gone from storage fails the export here.
      current.on('error', (error: Error) => {
        logger.error(`data export: ${attachment.path} could not be read: ${error.message}`);
        output.destroy(error);
      });
      done(null, current);
    });
  }
  zip.end();
  (zip.outputStream as Readable).pipe(output);
  return output;
}
