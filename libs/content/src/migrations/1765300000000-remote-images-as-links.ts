import { rerenderRemoteImages } from '@kennisplein/core';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Blog posts rendered before images of other hosts became links are rendered again. */
export class BlogRemoteImagesAsLinks1765300000000 implements MigrationInterface {
  name = 'BlogRemoteImagesAsLinks1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await rerenderRemoteImages(queryRunner, 'blog_posts');
  }

  // The earlier HTML is not brought back: it let a writer's host see its readers.
  async down(): Promise<void> {}
}
