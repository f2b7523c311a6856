/** An error answer of the API: the client decides by its `code`, and shows its message. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    /** The server's message as lines (validation gives one per field). */
    readonly lines: string[],
  ) {
    super(lines.join(' '));
  }
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
  if (!response.ok) {
    const answer = parsed as { statusCode?: number; code?: string; message?: string | string[] } | undefined;
    const message = answer?.message ?? response.statusText;
    throw new ApiError(response.status, answer?.code ?? 'common.internal', Array.isArray(message) ? message : [message]);
  }
  return parsed as T;
}
