import { Module } from '@nestjs/common';
import { ConfigurableFeature, type FeatureOptions, JobsModule } from '@kennisplein/core';
import { CommunityModule } from '@kennisplein/community';
import { DiscussionsModule } from '@kennisplein/discussions';
import { IdentityModule } from '@kennisplein/identity';
import { BlogsController } from './blogs/blogs.controller.js';
import { BlogsRepository } from './blogs/blogs.repository.js';
import { BlogsService } from './blogs/blogs.service.js';
import { ContentConfig } from './content.config.js';
import { ContentPersonalData } from './content-personal-data.js';
import { CONTENT_JOBS } from './content.jobs.js';
import { ContentProcessor } from './content.processor.js';
import { FilesController } from './files/files.controller.js';
import { FilesRepository } from './files/files.repository.js';
import { FilesService } from './files/files.service.js';
import { VirusScanner } from './files/virus-scanner.js';
import { FileStorage } from './storage/file-storage.js';
import { LocalFileStorage } from './storage/local-file-storage.js';

export interface ContentModuleOptions extends FeatureOptions<ContentConfig> {
  /** Where file bytes live (e.g. an S3-compatible store); local disk under FILES_DIR when not given. */
  storage?: FileStorage;
}

/**
 * Blogs and files in groups and deelsites. Import it as `ContentModule.forRoot(options?)` or
 * forRootAsync; its settings are ContentConfig. Storage is local disk unless another
 * FileStorage is given as `storage`.
 */
@Module({
  imports: [IdentityModule, CommunityModule, DiscussionsModule, JobsModule.forFeature(CONTENT_JOBS)],
  controllers: [BlogsController, FilesController],
  providers: [BlogsRepository, BlogsService, FilesRepository, FilesService, VirusScanner, ContentProcessor, ContentPersonalData],
  exports: [BlogsService, FilesService],
})
export class ContentModule extends ConfigurableFeature<ContentConfig, ContentModuleOptions>(ContentConfig, {
  providers: (options) => [
    {
      provide: FileStorage,
      inject: [options, ContentConfig],
      useFactory: (given: ContentModuleOptions, settings: ContentConfig) => given.storage ?? new LocalFileStorage(settings),
    },
  ],
}) {}
