import { defineErrors } from '@kennisplein/core';

/** Congresses. */
export const CongressErrors = defineErrors('congress', {
  not_found: { status: 404, nl: 'Congres niet gevonden', en: 'Congress not found' },
  slug_taken: { status: 409, nl: 'Congres {slug} bestaat al', en: 'Congress {slug} already exists' },
  /** A request (an import, a new contribution) that names a congress that is not there. */
  unknown: {
    status: 400,
    nl: 'congress {slug} bestaat niet; maak het eerst met POST /congresses',
    en: 'congress {slug} does not exist; create it with POST /congresses first',
  },
});

/** Contributions: reading and searching them. */
export const ContributionErrors = defineErrors('contribution', {
  not_found: { status: 404, nl: 'Bijdrage niet gevonden', en: 'Contribution not found' },
});

/** The authors of contributions and the accounts they are linked to. */
export const AuthorErrors = defineErrors('author', {
  not_found: { status: 404, nl: 'Auteur niet gevonden', en: 'Author not found' },
  account_not_active: { status: 400, nl: 'userId is geen actief account', en: 'userId is not an active account' },
  account_unverified: {
    status: 409,
    nl: 'Dit account heeft zijn e-mailadres nog niet bevestigd; pas daarna kan het als auteur gekoppeld worden',
    en: 'This account has not verified its email address yet; only then can it be linked as an author',
  },
});

/** POST /contributions/import: the request itself (a document that fails is in the report instead). */
export const ImportErrors = defineErrors('import', {
  congress_required: {
    status: 400,
    nl: 'congress ontbreekt (de slug van een congres, bijvoorbeeld nioc2025)',
    en: 'congress is required (a congress slug, e.g. nioc2025)',
  },
  no_documents: { status: 400, nl: 'Geen documenten: stuur ze als files[]', en: 'No documents: send them as files[]' },
  not_multipart: {
    status: 400,
    nl: 'Stuur multipart/form-data met de documenten als files[]',
    en: 'Send multipart/form-data with the documents as files[]',
  },
  documents_in_other_field: {
    status: 400,
    nl: 'Onbekend veld {field}: stuur de documenten als files[]',
    en: 'Unknown field {field}: send the documents as files[]',
  },
  too_many_fields: { status: 400, nl: 'Te veel velden: stuur congress en files[]', en: 'Too many fields: send congress and files[]' },
  too_many_documents: {
    status: 413,
    nl: 'Hooguit {max} documenten per import',
    en: 'At most {max} documents per import',
  },
  too_large: {
    status: 413,
    nl: 'Eén import mag samen {limit} zijn: splits hem',
    en: 'One import may carry {limit} in all: split it',
  },
});
