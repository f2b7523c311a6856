import i18next from 'i18next';
import { getAccessToken, refreshAccessToken, sessionKnown } from './access-token.js';
import { ApiError, apiErrorOf } from './errors.js';

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  method?: 'POST' | 'PUT';
  /** Called as the bytes leave the browser (fetch cannot report upload progress; XHR can). */
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** Thrown when the upload could not reach the server (offline, aborted): no coded answer exists. */
export class UploadInterrupted extends Error {
  constructor(readonly aborted: boolean) {
    super(aborted ? 'upload aborted' : 'upload interrupted');
  }
}

function sendOnce<T>(path: string, form: FormData, options: UploadOptions, token: string | null): Promise<{ status: number; body: T; response: Response }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(options.method ?? 'POST', `/api/v1${path}`);
    request.setRequestHeader('accept-language', i18next.language);
    if (token) request.setRequestHeader('authorization', `Bearer ${token}`);
    request.responseType = 'text';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.({ loaded: event.loaded, total: event.total });
    };
    request.onload = () => {
      const text = request.responseText;
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      const headers = new Headers();
      const retryAfter = request.getResponseHeader('retry-after');
      if (retryAfter) headers.set('retry-after', retryAfter);
      resolve({ status: request.status, body: body as T, response: new Response(null, { status: request.status, statusText: request.statusText, headers }) });
    };
    request.onerror = () => reject(new UploadInterrupted(false));
    request.onabort = () => reject(new UploadInterrupted(true));
    options.signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(form);
  });
}

/**
 * A multipart upload to the API with progress, carrying the session's access token (one
 * refresh and one retry on a 401, as the typed client does). Answers the parsed body, or
 * throws the server's coded ApiError (e.g. 413 `file.too_large`) or UploadInterrupted.
 */
export async function uploadForm<T>(path: string, form: FormData, options: UploadOptions = {}): Promise<T> {
  await sessionKnown();
  let answer = await sendOnce<T>(path, form, options, getAccessToken());
  if (answer.status === 401 && getAccessToken()) {
    const token = await refreshAccessToken();
    if (token) answer = await sendOnce<T>(path, form, options, token);
  }
  if (answer.status < 200 || answer.status >= 300) throw apiErrorOf(answer.response, answer.body);
  return answer.body;
}

export { ApiError };
