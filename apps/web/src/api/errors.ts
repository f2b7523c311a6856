/** An error answer of the API: the client decides by its `code`, and shows its message. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    /** The server's message as lines (validation gives one per field). */
    readonly lines: string[],
    /** From Retry-After on a 429: when the reader may try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(lines.join(' '));
  }
}

interface ErrorBody {
  code?: string;
  message?: string | string[];
}

/** The ApiError of a failed answer (its JSON body already parsed, when it had one). */
export function apiErrorOf(response: Response, body: unknown): ApiError {
  const answer = (body ?? {}) as ErrorBody;
  const message = answer.message ?? response.statusText;
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    answer.code ?? (response.status >= 500 ? 'common.internal' : 'common.client_error'),
    Array.isArray(message) ? message : [message],
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

/** POSTs JSON in the reader's language; answers the parsed body or throws an ApiError. */
export async function postJson<T>(path: string, body: unknown, language: string): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': language },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw apiErrorOf(response, parsed);
  return parsed as T;
}
