import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PersonalDataRegistry } from '@kennisplein/core';
import { BlogsRepository } from './blogs/blogs.repository.js';
import { FilesRepository } from './files/files.repository.js';
import { FileStorage } from './storage/file-storage.js';

/** A file's place in the zip export: its id keeps versions and equal names apart; names hold no slashes. */
const archivePathOf = (file: { id: string; name: string }) => `files/${file.id}/${file.name}`;

/** Content's part of the data export. Posts and files stay when an account is deleted (shown as from a deleted user). */
@Injectable()
export class ContentPersonalData implements OnModuleInit {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly posts: BlogsRepository,
    private readonly files: FilesRepository,
    private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      section: 'blogs',
      exportFor: (userId) => this.posts.exportOf(userId),
    });
    this.registry.register({
      section: 'files',
      // Every version I uploaded; `archivePath` is where the zip export holds its bytes.
      exportFor: async (userId) => (await this.files.exportOf(userId)).map((file) => ({ ...file, archivePath: archivePathOf(file) })),
      attachmentsFor: async (userId) =>
        (await this.files.bytesOf(userId)).map((file) => ({
          path: archivePathOf(file),
          size: file.size,
          modifiedAt: file.createdAt,
          open: () => this.storage.read(file.storageKey),
        })),
    });
  }
}
