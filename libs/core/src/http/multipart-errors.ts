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
