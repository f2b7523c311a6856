import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiExtraModels, ApiOkResponse, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig, type AuthUser, CurrentUser, Public } from '@kennisplein/core';
import { AccessPolicy, PlatformAction } from '@kennisplein/community';
import { UsersService } from '@kennisplein/identity';
import { DigestErrors } from '../notifications.errors.js';
import { DigestsService } from './digests.service.js';
import { DigestRunDto, DigestRunsQuery, RunDigestsDto, RunDigestsResultDto, UnsubscribedDto } from './dto/digest.dto.js';
import { readUnsubscribeToken } from './unsubscribe-token.js';

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escape(title)}</title></head><body style="font-family:sans-serif;max-width:560px;margin:3em auto">${body}</body></html>`;
}

/** A link that is not (or no longer) valid: a page in Dutch and English, its code beside it for a client that reads one. */
function invalidLinkPage(): string {
  const error = DigestErrors.unsubscribe_link_invalid();
  return page(
    'Ongeldige link / Invalid link',
    `<h1 data-code="${error.code}">${escape(String(error.messageIn('nl')))} / ${escape(String(error.messageIn('en')))}</h1>`,
  );
}

@ApiTags('digests')
@Controller()
export class DigestsController {
  constructor(
    private readonly digests: DigestsService,
    private readonly users: UsersService,
    private readonly policy: AccessPolicy,
    private readonly config: AppConfig,
  ) {}

  /** Admins: every reader of this frequency who has not had this period's digest gets it now. */
  @Post('admin/digests/run')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ type: RunDigestsResultDto })
  run(@CurrentUser() caller: AuthUser, @Body() body: RunDigestsDto): Promise<RunDigestsResultDto> {
    this.policy.assertPlatform(caller, PlatformAction.Operate);
    return this.digests.runNow(body.frequency);
  }

  /** Admins: per period, how many digests were enqueued, sent, empty and failed. */
  @Get('admin/digests/runs')
  @ApiOkResponse({ type: DigestRunDto, isArray: true })
  runs(@CurrentUser() caller: AuthUser, @Query() query: DigestRunsQuery): Promise<DigestRunDto[]> {
    this.policy.assertPlatform(caller, PlatformAction.Operate);
    return this.digests.report(query.period);
  }

  /** The link in a digest: a page with a button; opening it changes nothing (mail scanners open links). */
  @Public()
  @Get('digests/unsubscribe')
  @ApiProduces('text/html')
  async confirm(@Query('token') token: string | undefined, @Res() res: Response): Promise<void> {
    const read = readUnsubscribeToken(token, this.config.jwtSecret);
    // A link of an old subscription (the reader subscribed again since) is no longer valid.
    const valid = read !== null && (await this.users.findActiveById(read.userId))?.digestSubscription === read.subscription;
    res
      .status(valid ? HttpStatus.OK : HttpStatus.BAD_REQUEST)
      .type('html')
      .send(
        valid
          ? page(
              'Afmelden / Unsubscribe',
              `<h1>Geen samenvattingen meer? / No more digests?</h1>
<form method="post" action="?token=${encodeURIComponent(String(token))}"><button type="submit" name="List-Unsubscribe" value="One-Click">Afmelden / Unsubscribe</button></form>`,
            )
          : invalidLinkPage(),
      );
  }

  /**
   * One click (RFC 8058: the mail client posts List-Unsubscribe=One-Click) or a button: no
   * more digests. A page for the browser; JSON for a client that asks for it (`Accept:
   * application/json`, the web client's confirmation page): {digestFrequency: never}, or
   * the coded error digest.unsubscribe_link_invalid.
   */
  @Public()
  @Post('digests/unsubscribe')
  @ApiExtraModels(UnsubscribedDto)
  @ApiOkResponse({
    description: 'unsubscribed: JSON when asked for, else a page',
    content: { 'application/json': { schema: { $ref: getSchemaPath(UnsubscribedDto) } }, 'text/html': { schema: { type: 'string' } } },
  })
  @ApiBadRequestResponse({ description: 'digest.unsubscribe_link_invalid' })
  async unsubscribe(@Query('token') token: string | undefined, @Req() req: Request, @Res() res: Response): Promise<void> {
    const json = req.accepts(['html', 'json']) === 'json';
    const read = readUnsubscribeToken(token, this.config.jwtSecret);
    if (!read || !(await this.users.endDigestSubscription(read.userId, read.subscription))) {
      if (json) throw DigestErrors.unsubscribe_link_invalid();
      res.status(HttpStatus.BAD_REQUEST).type('html').send(invalidLinkPage());
      return;
    }
    if (json) {
      res.status(HttpStatus.OK).json({ digestFrequency: 'never' } satisfies UnsubscribedDto);
      return;
    }
    res
      .status(HttpStatus.OK)
      .type('html')
      .send(page('Afgemeld / Unsubscribed', '<h1>Je krijgt geen samenvattingen meer / You will get no more digests</h1><p>Je kunt dit terugzetten in je instellingen. / You can change this in your settings.</p>'));
  }
}
