import { defineErrors } from '@kennisplein/core';

/** Digests. The unsubscribe link answers a page for the browser, in both languages, from these texts. */
export const DigestErrors = defineErrors('digest', {
  unsubscribe_link_invalid: { status: 400, nl: 'Deze afmeldlink is ongeldig', en: 'This unsubscribe link is not valid' },
});
