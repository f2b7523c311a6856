import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@kennisplein/core';

export class FileUploaderDto {
  id!: string;
  displayName!: string;
}

export class FileVersionDto {
  id!: string;
  version!: number;
  size!: number;
  sha256!: string;
  /** who uploaded this version; null once their account is gone */
  uploader!: FileUploaderDto | null;
  createdAt!: Date;
  /** none | pending | done | failed */
  textStatus!: string;
}

export class FileDto {
  id!: string;
  groupId!: string;
  /** path inside the group, "" for its top */
  folder!: string;
  name!: string;
  /** 1 for the first upload of a name in a folder, then 2, 3 … */
  version!: number;
  size!: number;
  /** sniffed from the bytes, not taken from the client */
  mime!: string;
  sha256!: string;
  uploader!: FileUploaderDto | null;
  createdAt!: Date;
  /** none | pending | done | failed: the text of PDFs and text files becomes searchable */
  textStatus!: string;
}

export class FileDetailDto extends FileDto {
  /** every version of this name in this folder, newest first; each downloads by its id */
  versions!: FileVersionDto[];
}

export class FilePageDto {
  items!: FileDto[];
  nextCursor!: string | null;
  /** with `folder` (first page): the folders directly inside it, by name */
  folders?: string[];
  /** the largest upload the server takes, in bytes (FILES_MAX_BYTES): a client refuses larger files before sending */
  maxUploadBytes!: number;
}

export class DownloadLinkDto {
  /** GET it within a few minutes (no bearer token needed): the file's content, for this caller only */
  url!: string;
  expiresAt!: Date;
}

export class FileContentQuery {
  /** the signed token of a download link (POST /files/:id/download-link) */
  @IsOptional()
  @IsString()
  @MaxLength(300)
  token?: string;
}

export class ListFilesQuery extends PageQuery {
  /** only this folder ("" is the top); leave out for every folder */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  folder?: string;

  /** search the names and the text of the group's files (Dutch full text) */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
