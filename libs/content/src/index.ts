export * from './content.module.js';
export * from './content.config.js';
export * from './content.errors.js';
export * from './blogs/blogs.service.js';
export * from './files/files.service.js';
export * from './storage/file-storage.js';
export * from './storage/local-file-storage.js';
export { contentMigrations } from './migrations/index.js';
export { CONTENT_SCHEMA } from './content.schema.js';
