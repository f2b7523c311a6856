import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '@kennisplein/core';

export class FileVersionDto {
  id!: string;
  version!: number;
  size!: number;
  createdAt!: Date;
}

export class FileUploaderDto {
  id!: string;
  displayName!: string;
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
