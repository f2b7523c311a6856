import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { fileTypeFromBuffer } from 'file-type';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ActivityLog,
  AppConfig,
  type AuthUser,
  decodeCursor,
  extractPdfText,
  JobQueue,
  notFoundAs,
  type Page,
  pageSize,
  toPage,
  requirePrefixQuery,
} from '@kennisplein/core';
import { ContentConfig } from '../content.config.js';
import { AccessPolicy, decideGroup, GroupAction } from '@kennisplein/community';
import { UsersService } from '@kennisplein/identity';
import { ContentVerb } from '../content.activities.js';
import { ContentJob } from '../content.jobs.js';
import { FileErrors } from '../content.errors.js';
import { FileStorage } from '../storage/file-storage.js';
import { downloadToken, readDownloadToken } from './download-token.js';
import type { DownloadLinkDto, FileDetailDto, FileDto, FilePageDto, ListFilesQuery } from './dto/file.dto.js';
import { cleanFileName, cleanFolder } from './file-names.js';
import { receiveUpload } from './file-upload.js';
import { type FileSeries, FilesRepository, type StoredFile } from './files.repository.js';
import { nativeExecutableFormat } from './native-executable.js';
import { ScannerUnavailable, VirusScanner } from './virus-scanner.js';

/** Extracted text beyond this is not kept: search indexes its first 200,000 characters anyway. */
const MAX_TEXT_CHARS = 1_000_000;

/** Files in groups: streamed in and out, versioned (by their uploader and group admins), their text searchable. */
@Injectable()
export class FilesService {
  private readonly logger = new Logger('FilesService');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly files: FilesRepository,
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
    let file: StoredFile;
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
      file = await this.dataSource.transaction(async (manager) => {
        // One upload of a name in a folder at a time, so versions are 1, 2, 3 …
        await this.files.lockPath(manager, groupId, `${folder}/${name}`);
        const series = await this.seriesFor(manager, caller, moderates, groupId, folder, name);
        const inserted = await this.files.insert(manager, randomUUID(), {
          seriesId: series?.id ?? null,
          groupId,
          folder,
          name,
          version: (series?.version ?? 0) + 1,
          uploaderId: caller.id,
          mime,
          size: received.size,
          sha256: received.sha256,
          storageKey: key,
          textStatus: extractable ? 'pending' : 'none',
        });
        await this.activity.record(
          {
            verb: ContentVerb.FileUploaded,
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
        .enqueue(ContentJob.ExtractFileText, { fileId: file.id }, { jobId: `extract-text:${file.id}` })
        .catch((error: unknown) => this.logger.error(`text of file ${file.id} not enqueued: ${String(error)}`));
    }
    return (await this.toDtos([file]))[0];
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
  ): Promise<FileSeries | null> {
    const series = await this.files.seriesNamed(manager, groupId, folder, name);
    return series.find((file) => file.ownerId === caller.id) ?? (moderates ? (series[0] ?? null) : null);
  }

  /** GET /groups/:id/files: the newest version of each file, by folder and name; with q, ranked by the Dutch search. */
  async list(caller: AuthUser | undefined, groupId: string, query: ListFilesQuery): Promise<FilePageDto> {
    await this.policy.assertGroup(caller, GroupAction.View, groupId);
    const limit = pageSize(query);
    const search = query.q !== undefined && query.q.trim() !== '';
    const rows = await this.files.page(
      groupId,
      {
        folder: query.folder === undefined ? undefined : cleanFolder(query.folder),
        tsquery: search ? requirePrefixQuery(query.q ?? '') : null,
        after: query.cursor ? decodeCursor(query.cursor, ['text', 'uuid']) : null,
      },
      limit + 1,
    );
    const items = await this.toDtos(rows.slice(0, limit));
    const page: Page<FileDto> = { ...toPage(rows, limit, (row) => [row.sortKey, row.id], (row) => row.id), items };
    const browsing = query.folder !== undefined && !query.cursor && !(query.q ?? '').trim();
    return {
      ...page,
      ...(browsing ? { folders: await this.files.foldersIn(groupId, cleanFolder(query.folder)) } : {}),
      maxUploadBytes: this.settings.FILES_MAX_BYTES,
    };
  }

  /** GET /files/:id: the file and all its versions, each with who uploaded it (one query for their names). */
  async get(caller: AuthUser | undefined, fileId: string): Promise<FileDetailDto> {
    const file = await this.findVisible(caller, fileId, GroupAction.View);
    const versions = await this.files.versionsOf(file.seriesId);
    const [dto, ...versionDtos] = await this.toDtos([file, ...versions]);
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
   * The file for a download through a signed link: the token's caller, who must still
   * be allowed to see the file (a member who left meanwhile is refused as before).
   */
  async findForDownloadByToken(token: string, fileId: string): Promise<StoredFile> {
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

  /** The file for a download, after the access check. */
  findForDownload(caller: AuthUser | undefined, fileId: string): Promise<StoredFile> {
    return this.findVisible(caller, fileId, GroupAction.View);
  }

  /** DELETE /files/:id: the uploader, or whoever moderates the group. */
  async delete(caller: AuthUser, fileId: string): Promise<void> {
    const file = await this.findVisible(caller, fileId, GroupAction.View);
    if (file.uploaderId !== caller.id) await this.policy.assertGroup(caller, GroupAction.Moderate, file.groupId);
    await this.files.delete(fileId);
    await this.storage.remove(file.storageKey);
  }

  /** The job: the text of a PDF or a text file, stored for the group's search. */
  async extractText(fileId: string): Promise<{ status: string }> {
    const file = await this.files.find(fileId);
    if (!file) return { status: 'gone' };
    let extracted: string;
    try {
      if (file.mime === 'application/pdf') {
        const chunks: Buffer[] = [];
        for await (const chunk of this.storage.read(file.storageKey)) chunks.push(chunk as Buffer);
        extracted = await extractPdfText(Buffer.concat(chunks));
      } else {
        extracted = await text(this.storage.read(file.storageKey, { start: 0, end: MAX_TEXT_CHARS * 4 }));
      }
    } catch (error) {
      this.logger.warn(`no text from file ${fileId}: ${error instanceof Error ? error.message : String(error)}`);
      await this.files.markTextFailed(fileId);
      return { status: 'failed' };
    }
    await this.files.storeText(fileId, extracted.replaceAll('\u0000', '').slice(0, MAX_TEXT_CHARS));
    return { status: 'done' };
  }

  private async findVisible(caller: AuthUser | undefined, fileId: string, action: GroupAction): Promise<StoredFile> {
    const file = await this.files.find(fileId);
    if (!file) throw FileErrors.not_found();
    await notFoundAs(this.policy.assertGroup(caller, action, file.groupId), FileErrors.not_found);
    return file;
  }

  private async toDtos(files: StoredFile[]): Promise<FileDto[]> {
    const uploaders = await this.users.findPublicByIds(files.flatMap((file) => (file.uploaderId ? [file.uploaderId] : [])));
    return files.map((file) => {
      const uploader = file.uploaderId ? uploaders.get(file.uploaderId) : undefined;
      return {
        id: file.id,
        groupId: file.groupId,
        folder: file.folder,
        name: file.name,
        version: file.version,
        size: file.size,
        mime: file.mime,
        sha256: file.sha256,
        uploader: uploader ? { id: uploader.id, displayName: uploader.displayName } : null,
        createdAt: file.createdAt,
        textStatus: file.textStatus,
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
