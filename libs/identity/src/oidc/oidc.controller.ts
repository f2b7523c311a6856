import { Controller, Get, Header, Query, Redirect, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiFoundResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@kennisplein/core';
import { SessionCookie } from '../auth/session-cookie.js';
import { ProvidersDto } from './dto/providers.dto.js';
import { OidcFlowCookie } from './oidc-flow-cookie.js';
import { OidcService } from './oidc.service.js';

interface RedirectAnswer {
  url: string;
  statusCode: number;
}

const FOUND = 302;
const NOT_CONFIGURED = 'auth.provider_unknown: institution sign-in is off (OIDC_ISSUER is not set)';
const UNREACHABLE = 'auth.oidc_unavailable: the provider cannot be reached';

/** Sign-in through an institution (OpenID Connect, e.g. SURFconext or eduID), and what sign-ins are on. */
@ApiTags('identity')
@Public()
@Controller('auth')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly flows: OidcFlowCookie,
    private readonly sessions: SessionCookie,
  ) {}

  /** The ways to sign in here: password always, the institution when OIDC_ISSUER is set. */
  @Get('providers')
  @ApiOkResponse({ type: ProvidersDto })
  providers(): ProvidersDto {
    return this.oidc.providers();
  }

  /**
   * Begins an institution sign-in: a top-level navigation of the browser, answered with a
   * redirect to the provider (authorization code flow, PKCE S256, state and nonce) and the
   * short-lived httpOnly cookie kp_oidc that binds the sign-in to this browser.
   */
  @Get('oidc/start')
  @Redirect()
  @Header('Cache-Control', 'no-store')
  @ApiQuery({
    name: 'returnTo',
    type: String,
    required: false,
    description: 'a path of this site to come back to (default /); anything else is ignored',
  })
  @ApiFoundResponse({ description: "to the provider's authorization endpoint" })
  @ApiNotFoundResponse({ description: NOT_CONFIGURED })
  @ApiServiceUnavailableResponse({ description: UNREACHABLE })
  async start(@Query('returnTo') returnTo: unknown, @Res({ passthrough: true }) response: Response): Promise<RedirectAnswer> {
    const { url, flow } = await this.oidc.start(returnTo);
    this.flows.set(response, flow);
    return { url, statusCode: FOUND };
  }

  /**
   * Where the provider sends the browser back. On success: the refresh cookie kp_refresh
   * is set and the browser goes to PUBLIC_URL + returnTo, where the web client gets its
   * access token with POST /auth/refresh.
   */
  @Get('oidc/callback')
  @Redirect()
  @Header('Cache-Control', 'no-store')
  @Header('Referrer-Policy', 'no-referrer')
  @ApiFoundResponse({ description: 'signed in: to PUBLIC_URL + returnTo, with the kp_refresh cookie set' })
  @ApiBadRequestResponse({
    description:
      'auth.oidc_state_invalid: no sign-in of this browser, or the answer (state, nonce) belongs to another; auth.oidc_failed: the provider refused or answered wrongly ({reason})',
  })
  @ApiForbiddenResponse({ description: 'auth.oidc_email_unverified: the provider does not confirm the email address; nothing is linked' })
  @ApiNotFoundResponse({ description: NOT_CONFIGURED })
  @ApiServiceUnavailableResponse({ description: UNREACHABLE })
  async callback(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<RedirectAnswer> {
    const flow = this.flows.read(request);
    // One answer per sign-in: whatever happens next, the flow is spent.
    this.flows.clear(response);
    const queryStart = request.originalUrl.indexOf('?');
    const query = new URLSearchParams(queryStart < 0 ? '' : request.originalUrl.slice(queryStart + 1));
    const signIn = await this.oidc.finish(query, flow);
    this.sessions.set(response, signIn.refreshToken);
    return { url: signIn.redirectTo, statusCode: FOUND };
  }
}
