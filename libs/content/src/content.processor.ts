import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '@kennisplein/core';
import { ContentJob } from './content.jobs.js';
import { FilesService } from './files/files.service.js';

/** Content's jobs: each handler only calls a service. */
@Injectable()
export class ContentProcessor implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly files: FilesService,
  ) {}

  onModuleInit(): void {
    this.registry.register(ContentJob.ExtractFileText, ({ fileId }) => this.files.extractText(fileId));
  }
}
