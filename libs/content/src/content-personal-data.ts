import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '@kennisplein/core';
import { FileStorage } from './storage/file-storage.js';

/** A file's place in the zip export: its id keeps versions and equal names apart; names hold no slashes. */
const archivePathOf = (file: { id: string; name: string }) => `files/${file.id}/${file.name}`;

/** Content's part of the data export. Posts and files stay when an account is deleted (shown as from a deleted user). */
@Injectable()
export class ContentPersonalData implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataRegistry,
    private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      section: 'blogs',
      exportFor: (userId) =>
        this.dataSource.query(
          `SELECT id, group_id AS "groupId", site_id AS "siteId", title, body, status, published_at AS "publishedAt", created_at AS "createdAt"
           FROM blog_posts WHERE author_id = $1 ORDER BY created_at`,
          [userId],
        ),
    });
    this.registry.register({
      section: 'files',
      // Every version I uploaded; `archivePath` is where the zip export holds its bytes.
      exportFor: async (userId) =>
        (
          await this.dataSource.query<{ id: string; name: string }[]>(
            `SELECT id, group_id AS "groupId", folder, name, version, mime, size::bigint::text AS size, sha256, created_at AS "createdAt"
             FROM files WHERE uploader_id = $1 ORDER BY created_at, id`,
            [userId],
          )
        ).map((file) => ({ ...file, archivePath: archivePathOf(file) })),
      attachmentsFor: async (userId) =>
        (
          await this.dataSource.query<{ id: string; name: string; size: string; storage_key: string; created_at: Date }[]>(
            `SELECT id, name, size, storage_key, created_at FROM files WHERE uploader_id = $1 ORDER BY created_at, id`,
            [userId],
          )
        ).map((file) => ({
          path: archivePathOf(file),
          size: Number(file.size),
          modifiedAt: file.created_at,
          open: () => this.storage.read(file.storage_key),
        })),
    });
  }
}
