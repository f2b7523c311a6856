import { FileErrors } from '../content.errors.js';

const MAX_NAME_BYTES = 255;
const MAX_FOLDER_LENGTH = 1000;

function withinBytes(text: string, max: number): string {
  let result = text;
  while (Buffer.byteLength(result) > max) result = result.slice(0, -1);
  return result;
}

/**
 * A file's name as stored and offered for download: no path separators, no control or
 * format characters, no leading dots, at most 255 bytes (its extension kept).
 */
export function cleanFileName(raw: string): string {
  const cleaned = raw
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[/\\]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  if (!cleaned) return 'bestand';
  if (Buffer.byteLength(cleaned) <= MAX_NAME_BYTES) return cleaned;
  const extension = /\.[^.]{1,16}$/.exec(cleaned)?.[0] ?? '';
  return withinBytes(cleaned.slice(0, cleaned.length - extension.length), MAX_NAME_BYTES - Buffer.byteLength(extension)) + extension;
}

/** A folder is a path inside the group: "slides/2025". Each part is cleaned like a name; "." and ".." are refused. */
export function cleanFolder(raw: string | undefined): string {
  if (raw === undefined) return '';
  const parts = raw
    .split(/[/\\]+/)
    .map((part) => part.replace(/[\p{Cc}\p{Cf}]/gu, '').trim())
    .filter((part) => part !== '');
  if (parts.some((part) => part === '.' || part === '..')) throw FileErrors.folder_climbs_out();
  const folder = parts.map((part) => withinBytes(part, MAX_NAME_BYTES)).join('/');
  if (folder.length > MAX_FOLDER_LENGTH) throw FileErrors.folder_too_long({ max: MAX_FOLDER_LENGTH });
  return folder;
}

/** RFC 6266: an ASCII fallback for old clients and filename* in UTF-8 for the real name. */
export function contentDisposition(name: string): string {
  const fallback = name.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\%]/g, '_') || 'download';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
