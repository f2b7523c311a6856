import { defineErrors } from '../errors/domain-error.js';

/**
 * A multipart/form-data body that cannot be read, whichever route it was sent to (a file
 * upload, a kennisbank import): the same condition has the same code. What a route
 * expects in it (which fields, how large) is that route's lib's to say.
 */
export const MultipartErrors = defineErrors('multipart', {
  no_boundary: { status: 400, nl: 'De multipart-inhoud heeft geen boundary', en: 'The multipart body has no boundary' },
  malformed: { status: 400, nl: 'De multipart-inhoud is onleesbaar', en: 'The multipart body is malformed' },
  interrupted: { status: 400, nl: 'Het uploaden werd onderbroken', en: 'The upload was interrupted' },
  unknown_field: { status: 400, nl: 'Onbekend veld {field}', en: 'Unknown field {field}' },
});

/**
 * A file part a route does not want, read to its end and dropped. A body that ends inside
 * it fails its stream as well as the parser: the parser's error is the one the route
 * answers, and the stream's must not go unhandled (it would end the process).
 */
export function discardPart(stream: NodeJS.ReadableStream): void {
  stream.on('error', () => undefined);
  stream.resume();
}
