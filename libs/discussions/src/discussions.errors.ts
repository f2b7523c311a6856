import { defineErrors } from '@kennisplein/core';

/** Threads: as visible as their group (or deelsite). */
export const ThreadErrors = defineErrors('thread', {
  not_found: { status: 404, nl: 'Discussie niet gevonden', en: 'Thread not found' },
});

/** Messages in threads, over HTTP and the socket alike. */
export const MessageErrors = defineErrors('message', {
  not_found: { status: 404, nl: 'Bericht niet gevonden', en: 'Message not found' },
  author_only: { status: 403, nl: 'Alleen de auteur past een bericht aan', en: 'Only the author edits a message' },
  deleted: { status: 409, nl: 'Dit bericht is verwijderd', en: 'This message was deleted' },
  too_long: {
    status: 413,
    nl: 'body is {length} tekens lang; hooguit {max} tekens zijn toegestaan',
    en: 'body is {length} characters; at most {max} are allowed',
  },
  parent_not_in_thread: { status: 400, nl: 'parentId moet een bericht van deze discussie zijn', en: 'parentId must be a message of this thread' },
  /** A client id names one message of its author: sent again to another thread, it is refused. */
  client_id_reused: {
    status: 409,
    nl: 'Je hebt met deze clientId al een bericht in een andere discussie geplaatst',
    en: 'You already posted a message with this clientId in another thread',
  },
});

/** The socket.io namespace /discussions itself. */
export const DiscussionErrors = defineErrors('discussion', {
  rate_limited: {
    status: 429,
    nl: 'Te veel berichten: hooguit {limit} per {seconds} seconden; probeer het over {retryAfter} s opnieuw',
    en: 'Rate limit: at most {limit} messages per {seconds} seconds; retry in {retryAfter} s',
  },
  payload_not_object: { status: 400, nl: 'De inhoud van het bericht moet een object zijn', en: 'payload must be an object' },
});
