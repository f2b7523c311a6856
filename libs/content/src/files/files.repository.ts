import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { SqlParams } from '@kennisplein/core';

export type TextStatus = 'none' | 'pending' | 'done' | 'failed';

/** One version of a file in a group, as stored. */
export interface StoredFile {
  id: string;
  groupId: string;
  /** The file whose version this is: version 1's id. */
  seriesId: string;
  folder: string;
  name: string;
  version: number;
  uploaderId: string | null;
  mime: string;
  size: number;
  sha256: string;
  storageKey: string;
  textStatus: TextStatus;
  createdAt: Date;
}

/** A file of a listing, with the key of its place in the listing's order (for the cursor). */
export interface ListedFile extends StoredFile {
  sortKey: string;
}

/** The versions of one name in one folder that an upload may continue, oldest file first. */
export interface FileSeries {
  id: string;
  /** Its newest version's number. */
  version: number;
  /** Who uploaded its version 1. */
  ownerId: string | null;
}

export interface NewFile {
  seriesId: string | null;
  groupId: string;
  folder: string;
  name: string;
  version: number;
  uploaderId: string;
  mime: string;
  size: number;
  sha256: string;
  storageKey: string;
  textStatus: TextStatus;
}

/**
 * What a listing asks for: a folder (or every folder), and either the Dutch search
 * (a to_tsquery text, ranked) or the order by path. `after` is the decoded cursor:
 * [rank, id] when searching, [path, id] when not.
 */
export interface FileListingQuery {
  folder: string | undefined;
  tsquery: string | null;
  after: (string | number)[] | null;
}

/** A file as the data export lists it (the uploader's own). */
export interface ExportedFile {
  id: string;
  groupId: string;
  folder: string;
  name: string;
  version: number;
  mime: string;
  size: string;
  sha256: string;
  createdAt: Date;
}

/** Where the bytes of an uploader's file lie, for the zip export. */
export interface FileBytes {
  id: string;
  name: string;
  size: number;
  storageKey: string;
  createdAt: Date;
}

interface FileRow {
  id: string;
  group_id: string;
  series_id: string;
  folder: string;
  name: string;
  version: number;
  uploader_id: string | null;
  mime: string;
  size: string;
  sha256: string;
  storage_key: string;
  text_status: TextStatus;
  created_at: Date;
}

const COLUMNS = 'f.id, f.group_id, f.series_id, f.folder, f.name, f.version, f.uploader_id, f.mime, f.size, f.sha256, f.storage_key, f.text_status, f.created_at';

const toFile = (row: FileRow): StoredFile => ({
  id: row.id,
  groupId: row.group_id,
  seriesId: row.series_id,
  folder: row.folder,
  name: row.name,
  version: row.version,
  uploaderId: row.uploader_id,
  mime: row.mime,
  size: Number(row.size),
  sha256: row.sha256,
  storageKey: row.storage_key,
  textStatus: row.text_status,
  createdAt: row.created_at,
});

/** The SQL of files: their versions, listings, folders and extracted text. */
@Injectable()
export class FilesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Holds, until the transaction ends, the right to add a version to this path of the group. */
  async lockPath(manager: EntityManager, groupId: string, path: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))`, [groupId, path]);
  }

  /** The files of this name in this folder, the oldest first. */
  async seriesNamed(manager: EntityManager, groupId: string, folder: string, name: string): Promise<FileSeries[]> {
    const rows = await manager.query<{ id: string; version: number; owner_id: string | null }[]>(
      `SELECT series_id AS id, max(version) AS version, (array_agg(uploader_id ORDER BY version))[1] AS owner_id
         FROM files WHERE group_id = $1 AND folder = $2 AND name = $3
        GROUP BY series_id ORDER BY min(created_at), series_id`,
      [groupId, folder, name],
    );
    return rows.map((row) => ({ id: row.id, version: row.version, ownerId: row.owner_id }));
  }

  /** A new version; the first of its series when seriesId is null. */
  async insert(manager: EntityManager, id: string, file: NewFile): Promise<StoredFile> {
    const [inserted] = await manager.query<FileRow[]>(
      `INSERT INTO files (id, series_id, group_id, folder, name, version, uploader_id, mime, size, sha256, storage_key, text_status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       RETURNING ${COLUMNS.replaceAll('f.', '')}`,
      [
        id,
        file.seriesId ?? id,
        file.groupId,
        file.folder,
        file.name,
        file.version,
        file.uploaderId,
        file.mime,
        file.size,
        file.sha256,
        file.storageKey,
        file.textStatus,
      ],
    );
    return toFile(inserted);
  }

  /** The newest version of each file of the group, `limit` of them after the cursor. */
  async page(groupId: string, query: FileListingQuery, limit: number): Promise<ListedFile[]> {
    const params = new SqlParams();
    const conditions = [
      `f.group_id = ${params.add(groupId)}`,
      // Only the newest version of each file (older ones are reached through it).
      `NOT EXISTS (SELECT 1 FROM files n WHERE n.series_id = f.series_id AND n.version > f.version)`,
    ];
    if (query.folder !== undefined) conditions.push(`f.folder = ${params.add(query.folder)}`);
    let order = `f.folder || '/' || f.name, f.id`;
    let sortKey = `f.folder || '/' || f.name`;
    if (query.tsquery !== null) {
      conditions.push(`f.search_vector @@ to_tsquery('kennisplein_dutch', ${params.add(query.tsquery)})`);
      // A group's matching files are few: ranked, and paged by their place in that order.
      sortKey = `ts_rank(f.search_vector, to_tsquery('kennisplein_dutch', $${params.values.length}))::text`;
      order = `ts_rank(f.search_vector, to_tsquery('kennisplein_dutch', $${params.values.length})) DESC, f.id`;
      if (query.after) {
        const [rank, id] = query.after;
        const r = params.add(Number(rank));
        conditions.push(
          `(ts_rank(f.search_vector, to_tsquery('kennisplein_dutch', $${params.values.length - 1})) < ${r}::real
            OR (ts_rank(f.search_vector, to_tsquery('kennisplein_dutch', $${params.values.length - 1})) = ${r}::real AND f.id > ${params.add(id)}))`,
        );
      }
    } else if (query.after) {
      const [key, id] = query.after;
      conditions.push(`((f.folder || '/' || f.name) > ${params.add(key)} OR ((f.folder || '/' || f.name) = $${params.values.length} AND f.id > ${params.add(id)}))`);
    }
    const rows = await this.dataSource.query<(FileRow & { sort_key: string })[]>(
      `SELECT ${COLUMNS}, ${sortKey} AS sort_key FROM files f WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ${limit}`,
      params.values,
    );
    return rows.map((row) => ({ ...toFile(row), sortKey: row.sort_key }));
  }

  /** The folders directly inside a folder ("" the top), by name. */
  async foldersIn(groupId: string, folder: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ name: string }[]>(
      `SELECT DISTINCT split_part(CASE WHEN $2 = '' THEN folder ELSE substr(folder, length($2) + 2) END, '/', 1) AS name
       FROM files WHERE group_id = $1 AND ((($2 = '') AND folder <> '') OR left(folder, length($2) + 1) = $2 || '/')
       ORDER BY name`,
      [groupId, folder],
    );
    return rows.map((row) => row.name);
  }

  async find(fileId: string): Promise<StoredFile | null> {
    const [row] = await this.dataSource.query<FileRow[]>(`SELECT ${COLUMNS} FROM files f WHERE f.id = $1`, [fileId]);
    return row ? toFile(row) : null;
  }

  /** Every version of a file, the newest first. */
  async versionsOf(seriesId: string): Promise<StoredFile[]> {
    const rows = await this.dataSource.query<FileRow[]>(`SELECT ${COLUMNS} FROM files f WHERE f.series_id = $1 ORDER BY f.version DESC`, [seriesId]);
    return rows.map(toFile);
  }

  async delete(fileId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM files WHERE id = $1`, [fileId]);
  }

  async markTextFailed(fileId: string): Promise<void> {
    await this.dataSource.query(`UPDATE files SET text_status = 'failed' WHERE id = $1`, [fileId]);
  }

  async storeText(fileId: string, extracted: string): Promise<void> {
    await this.dataSource.query(`UPDATE files SET extracted_text = $2, text_status = 'done' WHERE id = $1`, [fileId, extracted]);
  }

  /** Every version a user uploaded, as their data export lists it. */
  exportOf(uploaderId: string): Promise<ExportedFile[]> {
    return this.dataSource.query<ExportedFile[]>(
      `SELECT id, group_id AS "groupId", folder, name, version, mime, size::bigint::text AS size, sha256, created_at AS "createdAt"
       FROM files WHERE uploader_id = $1 ORDER BY created_at, id`,
      [uploaderId],
    );
  }

  /** Where the bytes of every version a user uploaded lie. */
  async bytesOf(uploaderId: string): Promise<FileBytes[]> {
    const rows = await this.dataSource.query<{ id: string; name: string; size: string; storage_key: string; created_at: Date }[]>(
      `SELECT id, name, size, storage_key, created_at FROM files WHERE uploader_id = $1 ORDER BY created_at, id`,
      [uploaderId],
    );
    return rows.map((row) => ({ id: row.id, name: row.name, size: Number(row.size), storageKey: row.storage_key, createdAt: row.created_at }));
  }
}
