import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiPayloadTooLargeResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { type AuthUser, CurrentUser, IdPipe, Public, RateLimit } from '@kennisplein/core';
import { GroupErrors } from '@kennisplein/community';
import { FileErrors } from '../content.errors.js';
import { FileStorage } from '../storage/file-storage.js';
import { DownloadLinkDto, FileContentQuery, FileDetailDto, FileDto, FilePageDto, ListFilesQuery } from './dto/file.dto.js';
import { contentDisposition } from './file-names.js';
import { FilesService } from './files.service.js';

/** Types a browser would run if it rendered them: offered as bytes only. */
const INERT_TYPES = /^(text\/(plain|csv)|application\/pdf|image\/(png|jpeg|gif|webp)|application\/(zip|vnd\.[\w.+-]+|msword)|audio\/|video\/)/;

@ApiTags('content')
@Controller()
export class FilesController {
  constructor(
    private readonly files: FilesService,
    private readonly storage: FileStorage,
  ) {}

  /**
   * Members upload one file (field `file`, optional `folder`). The same name in the same
   * folder is the next version of the caller's own file of that name, or (for group
   * admins) of the first one; anyone else's upload of that name is a file of its own.
   */
  @Post('groups/:id/files')
  @RateLimit('upload')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' }, folder: { type: 'string', example: 'slides/2025' } },
    },
  })
  @ApiPayloadTooLargeResponse({ description: 'larger than FILES_MAX_BYTES' })
  upload(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(GroupErrors.not_found)) groupId: string, @Req() req: Request): Promise<FileDto> {
    return this.files.upload(caller, groupId, req);
  }

  @Public()
  @Get('groups/:id/files')
  @RateLimit('search', { whenQuery: 'q' })
  list(@CurrentUser() caller: AuthUser | undefined, @Param('id', new IdPipe(GroupErrors.not_found)) groupId: string, @Query() query: ListFilesQuery): Promise<FilePageDto> {
    return this.files.list(caller, groupId, query);
  }

  @Public()
  @Get('files/:id')
  get(@CurrentUser() caller: AuthUser | undefined, @Param('id', new IdPipe(FileErrors.not_found)) id: string): Promise<FileDetailDto> {
    return this.files.get(caller, id);
  }

  /**
   * A link that downloads the file without a bearer token (a plain <a href> carries none):
   * `url` holds a token signed for this file and caller, valid a few minutes.
   */
  @Public()
  @Post('files/:id/download-link')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: DownloadLinkDto })
  downloadLink(@CurrentUser() caller: AuthUser | undefined, @Param('id', new IdPipe(FileErrors.not_found)) id: string): Promise<DownloadLinkDto> {
    return this.files.downloadLink(caller, id);
  }

  /**
   * The bytes, streamed: Content-Disposition attachment, an ETag (the sha256) with
   * If-None-Match (304), and one Range (206; 416 when it cannot be served). With `token`
   * (a download link) the token's caller counts, not the Authorization header.
   */
  @Public()
  @Get('files/:id/content')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'the whole file' })
  @ApiForbiddenResponse({ description: 'file.download_link_invalid or file.download_link_expired' })
  async content(
    @CurrentUser() caller: AuthUser | undefined,
    @Param('id', new IdPipe(FileErrors.not_found)) id: string,
    @Query() query: FileContentQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const file = query.token !== undefined ? await this.files.findForDownloadByToken(query.token, id) : await this.files.findForDownload(caller, id);
    const size = file.size;
    const etag = `"${file.sha256}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Cache-Control', 'private, no-cache');
    if (req.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
      res.status(HttpStatus.NOT_MODIFIED).end();
      return;
    }
    let range: { start: number; end: number } | undefined;
    const header = req.headers.range;
    if (header && (!req.headers['if-range'] || req.headers['if-range'] === etag)) {
      const parsed = parseRange(header, size);
      if (parsed === 'unsatisfiable') {
        // An error answer like any other (JSON with its code), so before the file's own type and disposition.
        res.setHeader('Content-Range', `bytes */${size}`);
        throw FileErrors.range_not_satisfiable({ size });
      }
      range = parsed ?? undefined;
    }
    res.setHeader('Content-Disposition', contentDisposition(file.name));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Type', INERT_TYPES.test(file.mime) ? file.mime : 'application/octet-stream');
    if (range) {
      res.status(HttpStatus.PARTIAL_CONTENT);
      res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
      res.setHeader('Content-Length', String(range.end - range.start + 1));
    } else {
      res.status(HttpStatus.OK);
      res.setHeader('Content-Length', String(size));
    }
    if (req.method === 'HEAD' || size === 0) {
      res.end();
      return;
    }
    // A client that goes away ends the read; nothing to clean up.
    await pipeline(this.storage.read(file.storageKey, range), res).catch(() => undefined);
  }

  @Delete('files/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  delete(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(FileErrors.not_found)) id: string): Promise<void> {
    return this.files.delete(caller, id);
  }
}

/**
 * One range of RFC 9110 ("bytes=0-99", "bytes=100-", "bytes=-50"). Several ranges, or
 * a header that is not a byte range, are ignored (the whole file, 200), as the RFC allows.
 */
export function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  // An end before the start is not a valid range: ignored, as RFC 9110 says.
  if (match[2] !== '' && Number(match[2]) < start) return null;
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}
