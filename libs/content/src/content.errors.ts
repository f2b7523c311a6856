import { defineErrors } from '@kennisplein/core';

/** Blog posts in groups, and the news of deelsites. */
export const BlogErrors = defineErrors('blog', {
  not_found: { status: 404, nl: 'Blog niet gevonden', en: 'Blog post not found' },
  author_only: { status: 403, nl: 'Alleen de schrijver bewerkt een blog', en: 'Only the author edits a post' },
  cannot_unpublish: {
    status: 409,
    nl: 'Een gepubliceerde blog wordt geen concept meer; verwijder hem',
    en: 'A published post cannot become a draft again; delete it',
  },
});

/** Files in groups: finding them, and what an upload may be. */
export const FileErrors = defineErrors('file', {
  not_found: { status: 404, nl: 'Bestand niet gevonden', en: 'File not found' },
  too_large: { status: 413, nl: 'Het bestand is groter dan {limit}', en: 'The file is larger than {limit}' },
  executable_refused: { status: 415, nl: 'Programma’s worden niet gedeeld', en: 'Executables are refused' },
  infected: {
    status: 422,
    nl: 'Dit bestand bevat een virus ({signature}) en is niet opgeslagen',
    en: 'This file contains a virus ({signature}) and was not stored',
  },
  scanner_unavailable: {
    status: 503,
    nl: 'De virusscanner is even niet bereikbaar: het bestand is niet opgeslagen, probeer het later opnieuw',
    en: 'The virus scanner is unavailable: the file was not stored, try again later',
  },
  folder_climbs_out: { status: 400, nl: 'folder mag geen . of .. bevatten', en: 'folder may not contain . or ..' },
  folder_too_long: { status: 400, nl: 'folder is langer dan {max} tekens', en: 'folder is longer than {max} characters' },
  not_multipart: {
    status: 400,
    nl: 'Stuur multipart/form-data met het bestand in het veld file',
    en: 'Send multipart/form-data with the file as field file',
  },
  file_in_other_field: {
    status: 400,
    nl: 'Onbekend veld {field}: stuur het bestand in het veld file',
    en: 'Unknown field {field}: send the file as field file',
  },
  missing: { status: 400, nl: 'Geen bestand: stuur het in het multipart-veld file', en: 'No file: send it as multipart field file' },
  one_per_upload: { status: 400, nl: 'Stuur één bestand per upload', en: 'Send one file per upload' },
  range_not_satisfiable: {
    status: 416,
    nl: 'Het gevraagde bereik valt buiten het bestand ({size} bytes)',
    en: 'The range asked for lies outside the file ({size} bytes)',
  },
  too_many_fields: { status: 400, nl: 'Te veel velden: stuur folder en file', en: 'Too many fields: send folder and file' },
  download_link_invalid: {
    status: 403,
    nl: 'Deze downloadlink is ongeldig: vraag een nieuwe aan',
    en: 'This download link is not valid: ask for a new one',
  },
  download_link_expired: {
    status: 403,
    nl: 'Deze downloadlink is verlopen: vraag een nieuwe aan',
    en: 'This download link has expired: ask for a new one',
  },
});
