import { Module } from '@nestjs/common';
import { JobsModule } from '@kennisplein/core';
import { CommunityModule } from '@kennisplein/community';
import { DiscussionsModule } from '@kennisplein/discussions';
import { IdentityModule } from '@kennisplein/identity';
import { BlogsController } from './blogs/blogs.controller.js';
import { BlogsRepository } from './blogs/blogs.repository.js';
import { BlogsService } from './blogs/blogs.service.js';
import { ContentPersonalData } from './content-personal-data.js';
import { CONTENT_JOBS } from './content.jobs.js';
import { ContentProcessor } from './content.processor.js';
import { FilesController } from './files/files.controller.js';
import { FilesRepository } from './files/files.repository.js';
import { FilesService } from './files/files.service.js';
import { VirusScanner } from './files/virus-scanner.js';
import { FileStorage } from './storage/file-storage.js';
import { LocalFileStorage } from './storage/local-file-storage.js';

/** Blogs and files in groups and deelsites. Storage is local disk unless another FileStorage is provided. */
@Module({
  imports: [IdentityModule, CommunityModule, DiscussionsModule, JobsModule.forFeature(CONTENT_JOBS)],
  controllers: [BlogsController, FilesController],
  providers: [BlogsRepository, BlogsService, FilesRepository, FilesService, VirusScanner, ContentProcessor, ContentPersonalData, { provide: FileStorage, useClass: LocalFileStorage }],
  exports: [BlogsService, FilesService, FileStorage],
})
export class ContentModule {}
