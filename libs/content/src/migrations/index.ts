import type { MigrationClass } from '@kennisplein/core';
import { CreateContent1763880000000 } from './1763880000000-create-content.js';
import { FileSeries1765210000000 } from './1765210000000-file-series.js';
import { BlogRemoteImagesAsLinks1765300000000 } from './1765300000000-remote-images-as-links.js';
import { ContentSchema1765600050000 } from './1765600050000-content-schema.js';

export const contentMigrations: MigrationClass[] = [CreateContent1763880000000, FileSeries1765210000000, BlogRemoteImagesAsLinks1765300000000, ContentSchema1765600050000];
