import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '@kennisplein/core';

/** Content's part of the data export. Posts and files stay when an account is deleted (shown as from a deleted user). */
@Injectable()
export class ContentPersonalData implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataRegistry,
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
      exportFor: (userId) =>
        this.dataSource.query(
          `SELECT id, group_id AS "groupId", folder, name, version, mime, size::bigint::text AS size, sha256, created_at AS "createdAt"
           FROM files WHERE uploader_id = $1 ORDER BY created_at`,
          [userId],
        ),
    });
  }
}
