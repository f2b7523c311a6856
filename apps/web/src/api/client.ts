import createClient, { type Middleware } from 'openapi-fetch';
import i18next from 'i18next';
import { getAccessToken, refreshAccessToken, sessionKnown } from './access-token.js';
import { ApiError, apiErrorOf } from './errors.js';
import type { components, paths } from './generated/schema.js';

/** The server's DTOs by name, e.g. `Schema<'ContributionDto'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** Requests kept for one retry after a refreshed token (a body can be read only once). */
const retryable = new WeakMap<Request, Request>();

const session: Middleware = {
  async onRequest({ request }) {
    await sessionKnown();
    request.headers.set('accept-language', i18next.language);
    const token = getAccessToken();
    if (token) {
      request.headers.set('authorization', `Bearer ${token}`);
      retryable.set(request, request.clone());
    }
    return request;
  },
  async onResponse({ request, response }) {
    const copy = retryable.get(request);
    if (response.status !== 401 || !copy) return response;
    // The access token expired (they live minutes): one refresh through the cookie, one retry.
    const token = await refreshAccessToken();
    if (!token) return response;
    copy.headers.set('authorization', `Bearer ${token}`);
    return fetch(copy);
  },
};

/** The typed client of the public contract: paths and bodies come from the server's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: '/', credentials: 'same-origin' });
api.use(session);

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of an answer, or the ApiError it carries: for TanStack Query's queryFn and mutationFn. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw apiErrorOf(response, error);
  return data as T;
}

export { ApiError };
