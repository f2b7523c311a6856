import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { fileTypeFromBuffer } from 'file-type';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ActivityLog,
  ActivityVerb,
  AppConfig,
  type AuthUser,
  decodeCursor,
  extractPdfText,
  JobName,
  JobQueue,
  notFoundAs,
  type Page,
  pageSize,
  SqlParams,
  toPage,
  requirePrefixQuery,
} from '@kennisplein/core';
import { ContentConfig } from '../content.config.js';
import { AccessPolicy, decideGroup, GroupAction } from '@kennisplein/community';
import { UsersService } from '@kennisplein/identity';
import { FileErrors } from '../content.errors.js';
import { FileStorage } from '../storage/file-storage.js';
import { downloadToken, readDownloadToken } from './download-token.js';
import type { DownloadLinkDto, FileDetailDto, FileDto, FilePageDto, ListFilesQuery } from './dto/file.dto.js';
import { cleanFileName, cleanFolder } from './file-names.js';
import { receiveUpload } from './file-upload.js';
import { nativeExecutableFormat } from './native-executable.js';
import { ScannerUnavailable, VirusScanner } from './virus-scanner.js';

export interface FileRow {
  id: string;
  group_id: string;
  /** The file whose version this is: version 1's id. */
  series_id: string;
  folder: string;
  name: string;
  version: number;
  uploader_id: string | null;
  mime: string;
  size: string;
  sha256: string;
  storage_key: string;
  text_status: string;
  created_at: Date;
  sort_key?: string;
}

const COLUMNS = 'f.id, f.group_id, f.series_id, f.folder, f.name, f.version, f.uploader_id, f.mime, f.size, f.sha256, f.storage_key, f.text_status, f.created_at';

/** Extracted text beyond this is not kept: search indexes its first 200,000 characters anyway. */
const MAX_TEXT_CHARS = 1_000_000;

/** Files in groups: streamed in and out, versioned (by their uploader and group admins), their text searchable. */
@Injectable()
export class FilesService {
  private readonly logger = new Logger('FilesService');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly storage: FileStorage,
    private readonly users: UsersService,
    private readonly activity: ActivityLog,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly settings: ContentConfig,
    private readonly scanner: VirusScanner,
  ) {}

  /** POST /groups/:id/files: members upload; the access check comes before a byte is read. */
  async upload(caller: AuthUser, groupId: string, req: IncomingMessage): Promise<FileDto> {
    const group = await this.policy.assertGroup(caller, GroupAction.Participate, groupId);
    const key = `${groupId}/${randomUUID()}`;
    const received = await receiveUpload(req, this.storage, key, this.settings.FILES_MAX_BYTES, ['folder']);
    let row: FileRow;
    let extractable: boolean;
    try {
      const name = cleanFileName(received.filename);
      const folder = cleanFolder(received.fields.get('folder'));
      const mime = await sniff(received.head);
      // Programs are refused by their bytes only: scripts, jars and data (results.bin) are shared, and downloaded as attachments.
      if (nativeExecutableFormat(received.head)) throw FileErrors.executable_refused();
      // With CLAMAV_URL, nothing is kept that clamd has not passed; a scanner that cannot answer keeps nothing either.
      const verdict = await this.scanner.scan(() => this.storage.read(key)).catch((error: unknown) => {
        throw error instanceof ScannerUnavailable ? FileErrors.scanner_unavailable() : error;
      });
      if (verdict.infected) {
        this.logger.warn(`upload to group ${groupId} refused: ${verdict.signature}`);
        throw FileErrors.infected({ signature: verdict.signature });
      }
      extractable = mime === 'application/pdf' || mime.startsWith('text/');
      const moderates = decideGroup(caller, GroupAction.Moderate, group) === 'allow';
      row = await this.dataSource.transaction(async (manager) => {
        // One upload of a name in a folder at a time, so versions are 1, 2, 3 …
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))`, [groupId, `${folder}/${name}`]);
        const series = await this.seriesFor(manager, caller, moderates, groupId, folder, name);
        const id = randomUUID();
        const [inserted] = await manager.query<FileRow[]>(
          `INSERT INTO files (id, series_id, group_id, folder, name, version, uploader_id, mime, size, sha256, storage_key, text_status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           RETURNING ${COLUMNS.replaceAll('f.', '')}`,
          [id, series?.id ?? id, groupId, folder, name, (series?.version ?? 0) + 1, caller.id, mime, received.size, received.sha256, key, extractable ? 'pending' : 'none'],
        );
        await this.activity.record(
          {
            verb: ActivityVerb.FileUploaded,
            actorId: caller.id,
            groupId,
            objectType: 'file',
            objectId: inserted.id,
            snapshot: { title: folder ? `${folder}/${name}` : name, link: `/groups/${groupId}/files/${inserted.id}` },
          },
          manager,
        );
        return inserted;
      });
    } catch (error) {
      // Not stored: its bytes go. (Once committed, the bytes belong to the file.)
      await this.storage.remove(key);
      throw error;
    }
    if (extractable) {
      // The file is stored either way; a text job that could not be enqueued only leaves its text unsearched.
      await this.jobs
        .enqueue(JobName.ExtractFileText, { fileId: row.id }, { jobId: `extract-text:${row.id}` })
        .catch((error: unknown) => this.logger.error(`text of file ${row.id} not enqueued: ${String(error)}`));
    }
    return (await this.toDtos([row]))[0];
  }

  /**
   * The file an upload of this name adds a version to, or null for a file of its own: the
   * caller's own file of that name, else (for those who moderate the group) the first
   * file of that name. Anyone else's upload never becomes a version of another's file.
   */
  private async seriesFor(
    manager: EntityManager,
    caller: AuthUser,
    moderates: boolean,
    groupId: string,
    folder: string,
    name: string,
  ): Promise<{ id: string; version: number } | null> {
    const series = await manager.query<{ id: string; version: number; owner_id: string | null }[]>(
      `SELECT series_id AS id, max(version) AS version, (array_agg(uploader_id ORDER BY version))[1] AS owner_id
         FROM files WHERE group_id = $1 AND folder = $2 AND name = $3
        GROUP BY series_id ORDER BY min(created_at), series_id`,
      [groupId, folder, name],
    );
    return series.find((file) => file.owner_id === caller.id) ?? (moderates ? (series[0] ?? null) : null);
  }

  /** GET /groups/:id/files: the newest version of each file, by folder and name; with q, ranked by the Dutch search. */
  async list(caller: AuthUser | undefined, groupId: string, query: ListFilesQuery): Promise<FilePageDto> {
    await this.policy.assertGroup(caller, GroupAction.View, groupId);
    const limit = pageSize(query);
    const params = new SqlParams();
    const conditions = [
      `f.group_id = ${params.add(groupId)}`,
      // Only the newest version of each file (older ones are reached through it).
      `NOT EXISTS (SELECT 1 FROM files n WHERE n.series_id = f.series_id AND n.version > f.version)`,
    ];
    if (query.folder !== undefined) conditions.push(`f.folder = ${params.add(cleanFolder(query.folder))}`);
    let order = `f.folder || '/' || f.name, f.id`;
    let sortKey = `f.folder || '/' || f.name`;
    if (query.q !== undefined && query.q.trim() !== '') {
      const tsquery = requirePrefixQuery(query.q);
      conditions.push(`f.search_vector @@ to_tsquery('kennisplein_dutch', ${params.add(tsquery)})`);
      // A group's matching files are few: ranked, and paged by their place in that order.
      sortKey = `ts_rank(f.search_vector, to_tsquery('kennisplein_dutch', $${params.values.length}))::text`;
      order = `ts_rank(f.search_vector, to_tsquery('kennisplein_dutch', $${params.values.length})) DESC, f.id`;
      if (query.cursor) {
        const [rank, id] = decodeCursor(query.cursor, ['text', 'uuid']);
        const r = params.add(Number(rank));
        conditions.push(
          `(ts_rank(f.search_vector, to_tsquery('kennisplein_dutch', $${params.values.length - 1})) < ${r}::real
            OR (ts_rank(f.search_vector, to_tsquery('kennisplein_dutch', $${params.values.length - 1})) = ${r}::real AND f.id > ${params.add(id)}))`,
        );
      }
    } else if (query.cursor) {
      const [key, id] = decodeCursor(query.cursor, ['text', 'uuid']);
      conditions.push(`((f.folder || '/' || f.name) > ${params.add(key)} OR ((f.folder || '/' || f.name) = $${params.values.length} AND f.id > ${params.add(id)}))`);
    }
    const rows = await this.dataSource.query<FileRow[]>(
      `SELECT ${COLUMNS}, ${sortKey} AS sort_key FROM files f WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ${limit + 1}`,
      params.values,
    );
    const items = await this.toDtos(rows.slice(0, limit));
    const page: Page<FileDto> = { ...toPage(rows, limit, (row) => [row.sort_key ?? '', row.id], (row) => row.id), items };
    const browsing = query.folder !== undefined && !query.cursor && !(query.q ?? '').trim();
    return {
      ...page,
      ...(browsing ? { folders: await this.foldersIn(groupId, cleanFolder(query.folder)) } : {}),
      maxUploadBytes: this.settings.FILES_MAX_BYTES,
    };
  }

  /** The folders directly inside a folder ("" the top), by name: the folder view's entries. */
  private async foldersIn(groupId: string, folder: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ name: string }[]>(
      `SELECT DISTINCT split_part(CASE WHEN $2 = '' THEN folder ELSE substr(folder, length($2) + 2) END, '/', 1) AS name
       FROM files WHERE group_id = $1 AND ((($2 = '') AND folder <> '') OR left(folder, length($2) + 1) = $2 || '/')
       ORDER BY name`,
      [groupId, folder],
    );
    return rows.map((row) => row.name);
  }

  /** GET /files/:id: the file and all its versions, each with who uploaded it (one query for their names). */
  async get(caller: AuthUser | undefined, fileId: string): Promise<FileDetailDto> {
    const row = await this.findVisible(caller, fileId, GroupAction.View);
    const versions = await this.dataSource.query<FileRow[]>(
      `SELECT ${COLUMNS} FROM files f WHERE f.series_id = $1 ORDER BY f.version DESC`,
      [row.series_id],
    );
    const [dto, ...versionDtos] = await this.toDtos([row, ...versions]);
    return {
      ...dto,
      versions: versionDtos.map((v) => ({ id: v.id, version: v.version, size: v.size, sha256: v.sha256, uploader: v.uploader, createdAt: v.createdAt, textStatus: v.textStatus })),
    };
  }

  /** POST /files/:id/download-link: a link that downloads this file for this caller, for a few minutes, with no bearer token. */
  async downloadLink(caller: AuthUser | undefined, fileId: string): Promise<DownloadLinkDto> {
    await this.findVisible(caller, fileId, GroupAction.View);
    const { token, expiresAt } = downloadToken(fileId, caller?.id ?? null, this.config.jwtSecret);
    return { url: `/api/v1/files/${fileId}/content?token=${encodeURIComponent(token)}`, expiresAt };
  }

  /**
   * The file row for a download through a signed link: the token's caller, who must still
   * be allowed to see the file (a member who left meanwhile is refused as before).
   */
  async findForDownloadByToken(token: string, fileId: string): Promise<FileRow> {
    const check = readDownloadToken(token, fileId, this.config.jwtSecret);
    if (!check.ok) throw check.reason === 'expired' ? FileErrors.download_link_expired() : FileErrors.download_link_invalid();
    let caller: AuthUser | undefined;
    if (check.userId) {
      const user = await this.users.findActiveById(check.userId);
      if (!user) throw FileErrors.download_link_invalid();
      caller = { id: user.id, isAdmin: user.isAdmin };
    }
    return this.findVisible(caller, fileId, GroupAction.View);
  }

  /** The file row for a download, after the access check. */
  findForDownload(caller: AuthUser | undefined, fileId: string): Promise<FileRow> {
    return this.findVisible(caller, fileId, GroupAction.View);
  }

  /** DELETE /files/:id: the uploader, or whoever moderates the group. */
  async delete(caller: AuthUser, fileId: string): Promise<void> {
    const row = await this.findVisible(caller, fileId, GroupAction.View);
    if (row.uploader_id !== caller.id) await this.policy.assertGroup(caller, GroupAction.Moderate, row.group_id);
    await this.dataSource.query(`DELETE FROM files WHERE id = $1`, [fileId]);
    await this.storage.remove(row.storage_key);
  }

  /** The job: the text of a PDF or a text file, stored for the group's search. */
  async extractText(fileId: string): Promise<{ status: string }> {
    const [row] = await this.dataSource.query<FileRow[]>(`SELECT ${COLUMNS} FROM files f WHERE f.id = $1`, [fileId]);
    if (!row) return { status: 'gone' };
    let extracted: string;
    try {
      if (row.mime === 'application/pdf') {
        const chunks: Buffer[] = [];
        for await (const chunk of this.storage.read(row.storage_key)) chunks.push(chunk as Buffer);
        extracted = await extractPdfText(Buffer.concat(chunks));
      } else {
        extracted = await text(this.storage.read(row.storage_key, { start: 0, end: MAX_TEXT_CHARS * 4 }));
      }
    } catch (error) {
      this.logger.warn(`no text from file ${fileId}: ${error instanceof Error ? error.message : String(error)}`);
      await this.dataSource.query(`UPDATE files SET text_status = 'failed' WHERE id = $1`, [fileId]);
      return { status: 'failed' };
    }
    await this.dataSource.query(`UPDATE files SET extracted_text = $2, text_status = 'done' WHERE id = $1`, [
      fileId,
      extracted.replaceAll('\u0000', '').slice(0, MAX_TEXT_CHARS),
    ]);
    return { status: 'done' };
  }

  private async findVisible(caller: AuthUser | undefined, fileId: string, action: GroupAction): Promise<FileRow> {
    const rows = await this.dataSource.query<FileRow[]>(`SELECT ${COLUMNS} FROM files f WHERE f.id = $1`, [fileId]);
    if (!rows[0]) throw FileErrors.not_found();
    await notFoundAs(this.policy.assertGroup(caller, action, rows[0].group_id), FileErrors.not_found);
    return rows[0];
  }

  private async toDtos(rows: FileRow[]): Promise<FileDto[]> {
    const uploaders = await this.users.findPublicByIds(rows.flatMap((row) => (row.uploader_id ? [row.uploader_id] : [])));
    return rows.map((row) => {
      const uploader = row.uploader_id ? uploaders.get(row.uploader_id) : undefined;
      return {
        id: row.id,
        groupId: row.group_id,
        folder: row.folder,
        name: row.name,
        version: row.version,
        size: Number(row.size),
        mime: row.mime,
        sha256: row.sha256,
        uploader: uploader ? { id: uploader.id, displayName: uploader.displayName } : null,
        createdAt: row.created_at,
        textStatus: row.text_status,
      };
    });
  }
}

/** The type from the bytes; text when they look like text; else a plain byte stream. */
async function sniff(head: Buffer): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  if (head.length === 0) return 'application/octet-stream';
  const sample = head.subarray(0, 1024);
  const looksText = !sample.some((byte) => byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b));
  return looksText ? 'text/plain' : 'application/octet-stream';
}
