import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiPayloadTooLargeResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type AuthUser, CachePolicy, CurrentUser, IdPipe, Public, PublicCache, RateLimit } from '@kennisplein/core';
import { answerPosted, ApiPostedMessage, MessageDto } from '@kennisplein/discussions';
import { AccessPolicy, PlatformAction } from '@kennisplein/community';
import { ImportService } from '../import/import.service.js';
import { readUpload } from '../import/multipart-upload.js';
import { AuthorErrors, ContributionErrors } from '../kennisbank.errors.js';
import { AuthorsService } from './authors.service.js';
import { ContributionSearch } from './contribution-search.service.js';
import { ContributionsService } from './contributions.service.js';
import { FeedbackService } from './feedback.service.js';
import { FeedbackDto } from './dto/feedback.dto.js';
import {
  ContributionDto,
  ContributionPageDto,
  CreateContributionDto,
  ImportResultDto,
  LinkAuthorDto,
  ListContributionsQuery,
} from './dto/contribution.dto.js';
import { KennisbankConfig } from '../kennisbank.config.js';

@ApiTags('kennisbank')
@Controller('contributions')
export class ContributionsController {
  constructor(
    private readonly contributions: ContributionsService,
    private readonly search: ContributionSearch,
    private readonly feedbacks: FeedbackService,
    private readonly authors: AuthorsService,
    private readonly importer: ImportService,
    private readonly policy: AccessPolicy,
    private readonly config: KennisbankConfig,
  ) {}

  /** Search (?q=, Dutch full text, ranked, with `highlight`) and filters (congress, theme, keyword, author). */
  @Public()
  @PublicCache(CachePolicy.short)
  @Get()
  @RateLimit('search')
  list(@Query() query: ListContributionsQuery): Promise<ContributionPageDto> {
    return this.search.list(query);
  }

  /** Admins add a contribution; its workspace group and feedback thread are made with it. */
  @Post()
  create(@CurrentUser() caller: AuthUser, @Body() body: CreateContributionDto): Promise<ContributionDto> {
    return this.contributions.create(caller, body);
  }

  /**
   * Admins import kennisbank documents (text, Markdown, PDF) into a congress. The same
   * document again changes nothing; a bad one is listed under `failed` with its reason.
   */
  @Post('import')
  @RateLimit('upload')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['congress', 'files[]'],
      properties: {
        congress: { type: 'string', example: 'nioc2013' },
        'files[]': { type: 'array', items: { type: 'string', format: 'binary' } },
      },
    },
  })
  @ApiPayloadTooLargeResponse({ description: 'more documents or bytes than one import may carry' })
  async import(@CurrentUser() caller: AuthUser, @Req() req: Request): Promise<ImportResultDto> {
    // Refused before a byte of the upload is read.
    this.policy.assertPlatform(caller, PlatformAction.ManageKennisbank);
    const upload = await readUpload(req, ['congress'], {
      maxFileBytes: this.config.IMPORT_MAX_FILE_BYTES,
      maxFiles: this.config.IMPORT_MAX_FILES,
      maxRequestBytes: this.config.IMPORT_MAX_REQUEST_BYTES,
    });
    return this.importer.importFor(caller, upload.fields.get('congress'), upload.documents);
  }

  @Public()
  @PublicCache(CachePolicy.short)
  @Get(':id')
  get(@Param('id', new IdPipe(ContributionErrors.not_found)) id: string): Promise<ContributionDto> {
    return this.search.get(id);
  }

  /**
   * Any logged-in reader who can see the workspace gives feedback; the authors are notified.
   * With a clientId, sent again it answers the original feedback with 200.
   */
  @Post(':id/feedback')
  @ApiPostedMessage('the feedback, a message in the feedback thread')
  async feedback(
    @CurrentUser() caller: AuthUser,
    @Param('id', new IdPipe(ContributionErrors.not_found)) id: string,
    @Body() body: FeedbackDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MessageDto> {
    return answerPosted(response, await this.feedbacks.giveFeedback(caller, id, body));
  }

  /** Admins link an author to their account; the account becomes an owner of the workspace. */
  @Put(':id/authors/:authorId/user')
  async linkAuthor(
    @CurrentUser() caller: AuthUser,
    @Param('id', new IdPipe(AuthorErrors.not_found)) id: string,
    @Param('authorId', new IdPipe(AuthorErrors.not_found)) authorId: string,
    @Body() body: LinkAuthorDto,
  ): Promise<ContributionDto> {
    await this.authors.link(caller, id, authorId, body.userId);
    return this.search.get(id);
  }
}
