import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './errors.js';

/** Server state: a client error is an answer, not a hiccup, so only network and 5xx failures are retried. */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (failures, error) => failures < 2 && !(error instanceof ApiError && error.statusCode < 500),
    },
    mutations: { retry: false },
  },
});
