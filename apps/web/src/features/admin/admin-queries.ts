import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, type Schema, unwrap } from '../../api/client.js';
import { uploadForm, type UploadProgress } from '../../api/upload.js';

export type Congress = Schema<'CongressDto'>;
export type ImportResult = Schema<'ImportResultDto'>;
export type DigestRun = Schema<'DigestRunDto'>;

export const congressesKey = ['admin', 'congresses'] as const;
export const digestRunsKey = ['admin', 'digest-runs'] as const;

/** Every congress, newest first as the server orders them, over its keyset cursor. */
export function useCongresses() {
  const query = useInfiniteQuery({
    queryKey: congressesKey,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/congresses', { params: { query: { limit: 100, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return { ...query, items: query.data?.pages.flatMap((page) => page.items) ?? [] };
}

export function useDigestRuns() {
  return useQuery({ queryKey: digestRunsKey, queryFn: () => unwrap(api.GET('/api/v1/admin/digests/runs')) });
}

/** POST /contributions/import: all files in one multipart request (`files[]`), its upload progress reported. */
export function importDocuments(congress: string, files: readonly File[], onProgress: (progress: UploadProgress) => void): Promise<ImportResult> {
  const form = new FormData();
  form.append('congress', congress);
  for (const file of files) form.append('files[]', file, file.name);
  return uploadForm<ImportResult>('/contributions/import', form, { onProgress });
}
