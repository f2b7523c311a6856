/**
 * What went wrong, in domain terms. Each lib declares its own errors with `defineErrors`
 * (a stable dotted code, the HTTP status and the message in Dutch and English); services
 * throw them; the HTTP edge (AllExceptionsFilter) and the socket gateways answer with
 * `code` and the message in the caller's language. A client decides by the code.
 */

export const ERROR_LOCALES = ['nl', 'en'] as const;
export type ErrorLocale = (typeof ERROR_LOCALES)[number];

/** Values put into a message's `{name}` placeholders. */
export type ErrorParams = Record<string, string | number>;

export interface ErrorDefinition {
  status: number;
  nl: string;
  en: string;
}

export interface CataloguedError extends ErrorDefinition {
  code: string;
}

/** Every code of the platform: filled as each lib's errors module is loaded. */
const catalogue = new Map<string, CataloguedError>();

/** The whole catalogue, sorted by code: the OpenAPI document lists it. */
export function errorCatalogue(): CataloguedError[] {
  return [...catalogue.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/** A message template with its `{name}` placeholders filled in. */
export function formatMessage(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export interface DomainErrorOptions {
  /** Seconds after which a rate-limited call may be tried again (Retry-After). */
  retryAfterSeconds?: number;
  /** Extra fields of the answer beside statusCode, code, message and error. */
  details?: Record<string, unknown>;
  /** Only for `common.client_error`: the status of a framework error that has no code of its own. */
  status?: number;
}

export class DomainError extends Error {
  readonly status: number;
  readonly retryAfterSeconds?: number;
  readonly details?: Record<string, unknown>;
  private readonly definition: CataloguedError;

  constructor(
    readonly code: string,
    readonly params: ErrorParams = {},
    options: DomainErrorOptions = {},
  ) {
    const definition = catalogue.get(code);
    if (!definition) throw new Error(`DomainError: the code ${code} is in no error catalogue`);
    super(formatMessage(definition.en, params));
    this.name = 'DomainError';
    this.definition = definition;
    this.status = options.status ?? definition.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
  }

  /** The message in this language: a string, or one line per problem (validation). */
  messageIn(locale: ErrorLocale): string | string[] {
    return formatMessage(this.definition[locale], this.params);
  }
}

export type ErrorFactory = (params?: ErrorParams, options?: DomainErrorOptions) => DomainError;

/**
 * Declares the errors of one lib (or feature) under its namespace: `defineErrors('group',
 * { last_owner: {...} })` registers `group.last_owner` and answers a factory per code.
 * A code declared twice is a programming error.
 */
export function defineErrors<const T extends Record<string, ErrorDefinition>>(
  namespace: string,
  definitions: T,
): { readonly [K in keyof T]: ErrorFactory } {
  const factories: Record<string, ErrorFactory> = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const code = `${namespace}.${name}`;
    if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(code)) throw new Error(`error code ${code} is not dotted snake_case`);
    const known = catalogue.get(code);
    if (known && (known.status !== definition.status || known.en !== definition.en)) throw new Error(`error code ${code} is declared twice`);
    catalogue.set(code, { code, ...definition });
    factories[name] = (params, options) => new DomainError(code, params, options);
  }
  return factories as { readonly [K in keyof T]: ErrorFactory };
}

/** Is this a DomainError of one of these codes? */
export function isDomainError(error: unknown, ...codes: string[]): error is DomainError {
  return error instanceof DomainError && (codes.length === 0 || codes.includes(error.code));
}

/** The errors of the HTTP edge itself, shared by every lib. */
export const CommonErrors = defineErrors('common', {
  not_found: { status: 404, nl: 'Niet gevonden', en: 'Not found' },
  route_not_found: { status: 404, nl: 'Deze route bestaat niet: {method} {path}', en: 'There is no route {method} {path}' },
  body_too_large: { status: 413, nl: 'De inhoud van het verzoek is te groot', en: 'Request body is too large' },
  invalid_json: { status: 400, nl: 'De inhoud van het verzoek is geen geldige JSON', en: 'Request body is not valid JSON' },
  unreadable_body: { status: 400, nl: 'De inhoud van het verzoek is niet te lezen', en: 'Request body could not be read' },
  invalid_cursor: { status: 400, nl: 'cursor is geen cursor die deze lijst gaf', en: 'cursor is not a cursor this list gave out' },
  invalid_id: { status: 400, nl: '{field} is geen geldige id', en: '{field} is not a valid id' },
  bad_request: { status: 400, nl: 'Ongeldig verzoek', en: 'Bad request' },
  method_not_allowed: { status: 405, nl: 'Deze methode is hier niet toegestaan', en: 'Method not allowed' },
  unsupported_media_type: { status: 415, nl: 'Dit type inhoud wordt niet ondersteund', en: 'Unsupported media type' },
  too_many_requests: {
    status: 429,
    nl: 'Te veel verzoeken; probeer het over {seconds} seconden opnieuw',
    en: 'Too many requests; try again in {seconds} seconds',
  },
  too_many_posts: {
    status: 429,
    nl: 'Te veel berichten: hooguit {limit} per {window} seconden; probeer het over {seconds} seconden opnieuw',
    en: 'Too many posts: at most {limit} per {window} seconds; try again in {seconds} seconds',
  },
  internal: {
    status: 500,
    nl: 'Er ging iets mis aan onze kant (foutnummer {errorId})',
    en: 'Something went wrong on our side (error id {errorId})',
  },
  client_error: { status: 400, nl: 'Dit verzoek kan zo niet worden uitgevoerd ({status})', en: 'This request cannot be carried out as it is ({status})' },
  unavailable: { status: 503, nl: 'De dienst is even niet beschikbaar', en: 'The service is unavailable' },
  database_unavailable: {
    status: 503,
    nl: 'De database is even niet bereikbaar; probeer het zo opnieuw',
    en: 'The database cannot be reached for a moment; try again shortly',
  },
  malformed_request: { status: 400, nl: 'Het verzoek is geen geldig HTTP-verzoek', en: 'The request is not a valid HTTP request' },
  headers_too_large: { status: 431, nl: 'De kopregels van het verzoek zijn te groot', en: 'The request headers are too large' },
  request_timeout: { status: 408, nl: 'Het verzoek kwam niet op tijd binnen', en: 'The request did not arrive in time' },
  body_too_deep: {
    status: 400,
    nl: 'De invoer is dieper genest dan {max} niveaus',
    en: 'The input is nested deeper than {max} levels',
  },
  body_too_many_keys: {
    status: 400,
    nl: 'De invoer heeft meer dan {max} velden en elementen',
    en: 'The input has more than {max} fields and items',
  },
  nul_character: { status: 400, nl: 'De invoer bevat een NUL-teken (\\u0000)', en: 'The input contains a NUL character (\\u0000)' },
  lone_surrogate: {
    status: 400,
    nl: 'De invoer bevat tekst die geen geldige Unicode is (een losse surrogaat, \\ud800 tot \\udfff)',
    en: 'The input contains text that is not valid Unicode (a lone surrogate, \\ud800 to \\udfff)',
  },
  invalid_value: { status: 400, nl: 'Een waarde in het verzoek is ongeldig', en: 'A value in the request is not valid' },
  number_out_of_range: { status: 400, nl: 'Een getal in het verzoek is te groot of te klein', en: 'A number in the request is too large or too small' },
  input_too_complex: { status: 400, nl: 'Het verzoek is te ingewikkeld om uit te voeren', en: 'The request is too complex to carry out' },
  too_many_searches: {
    status: 429,
    nl: 'Te veel zoekopdrachten; probeer het over {seconds} seconden opnieuw',
    en: 'Too many searches; try again in {seconds} seconds',
  },
  too_many_uploads: {
    status: 429,
    nl: 'Te veel uploads; probeer het over {seconds} seconden opnieuw',
    en: 'Too many uploads; try again in {seconds} seconds',
  },
});

/** Who is calling: the auth guard's errors. */
export const AuthErrors = defineErrors('auth', {
  unauthenticated: { status: 401, nl: 'Log eerst in', en: 'Authentication required' },
  token_invalid: { status: 401, nl: 'Het toegangstoken is ongeldig of verlopen', en: 'Access token is invalid or expired' },
});

/**
 * What one may not see does not exist for them: a 404 of the place (a group, a deelsite)
 * becomes the 404 of the thing asked for in it (a thread, a file, a post).
 */
export async function notFoundAs<T>(work: Promise<T>, error: ErrorFactory): Promise<T> {
  try {
    return await work;
  } catch (caught) {
    if (caught instanceof DomainError && caught.status === 404) throw error();
    throw caught;
  }
}
