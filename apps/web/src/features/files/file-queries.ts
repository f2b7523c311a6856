import { api, type Schema, unwrap } from '../../api/client.js';

export type FileItem = Schema<'FileDto'>;
export type FileDetail = Schema<'FileDetailDto'>;
export type FileVersion = Schema<'FileVersionDto'>;

/** Every files query of one group starts with this key: an upload or a delete refreshes them all. */
export const groupFilesKey = (groupId: string) => ['files', groupId] as const;

/** One folder of a group: its files (newest version of each name), the folders inside it and the upload limit. */
export function folderQuery(groupId: string, folder: string, readerId: string | null) {
  return {
    queryKey: [...groupFilesKey(groupId), 'folder', folder, readerId ?? 'anonymous'] as const,
    queryFn: () => unwrap(api.GET('/api/v1/groups/{id}/files', { params: { path: { id: groupId }, query: { folder, limit: 100 } } })),
  };
}

export function fileQuery(groupId: string, fileId: string, readerId: string | null) {
  return {
    queryKey: [...groupFilesKey(groupId), 'file', fileId, readerId ?? 'anonymous'] as const,
    queryFn: () => unwrap(api.GET('/api/v1/files/{id}', { params: { path: { id: fileId } } })),
  };
}

/**
 * Downloads a file: the server signs a link for this reader that works a few minutes, and
 * the browser fetches it itself (Content-Disposition attachment), so a large file streams
 * to disk instead of through this page's memory, and no bearer token is needed in a URL.
 */
export async function downloadFile(fileId: string): Promise<void> {
  const { url } = await unwrap(api.POST('/api/v1/files/{id}/download-link', { params: { path: { id: fileId } } }));
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}

/** Bytes as the reader reads them: "512 B", "1,5 kB", "20 MB" (Intl, in the reader's language). */
export function formatBytes(bytes: number, language: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(language, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}

/** A folder path's parts with the path up to each: "a/b" → [["a","a"],["b","a/b"]]. */
export function folderTrail(folder: string): { name: string; path: string }[] {
  const parts = folder.split('/').filter(Boolean);
  return parts.map((name, index) => ({ name, path: parts.slice(0, index + 1).join('/') }));
}

export const joinFolder = (folder: string, name: string) => (folder ? `${folder}/${name}` : name);
export const folderLink = (groupId: string, folder: string) => `/groups/${groupId}/files${folder ? `?folder=${encodeURIComponent(folder)}` : ''}`;
