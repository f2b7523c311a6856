import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type AuthUser, clientIp, CurrentUser, Public } from '@kennisplein/core';
import { AccountService } from '../account/account.service.js';
import { SessionErrors } from '../identity.errors.js';
import { AuthService, type Session } from './auth.service.js';
import {
  ForgotPasswordDto,
  LoginDto,
  RefreshTokenDto,
  RegisterDto,
  ResetPasswordDto,
  SessionDto,
  TokenPairDto,
  UserAnswerDto,
  VerifyEmailDto,
} from './dto/auth.dto.js';
import { SessionCookie } from './session-cookie.js';
import type { IssuedTokens } from './token.service.js';

const CROSS_ORIGIN = 'a cookie-based call from another origin than PUBLIC_URL (auth.cross_origin)';

@ApiTags('identity')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly account: AccountService,
    private readonly cookie: SessionCookie,
  ) {}

  /** Creates an account, logs it in and mails a link that verifies its address. Limited per client IP. */
  @Public()
  @Post('register')
  @ApiConflictResponse({ description: 'the email address is already registered (account.email_taken)' })
  @ApiTooManyRequestsResponse({ description: 'too many registrations from this IP (auth.too_many_registrations); see Retry-After' })
  @ApiForbiddenResponse({ description: CROSS_ORIGIN })
  async register(@Body() body: RegisterDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    if (body.cookie) this.cookie.assertSameOrigin(request);
    return this.answer(await this.auth.register(body, clientIp(request)), body.cookie, response);
  }

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiUnauthorizedResponse({ description: 'wrong email or password (auth.invalid_credentials)' })
  @ApiTooManyRequestsResponse({
    description: 'this client must wait before its next attempt for this email (a delay that doubles with each failure), or too many failures from this IP (auth.too_many_attempts); see Retry-After',
  })
  @ApiForbiddenResponse({ description: CROSS_ORIGIN })
  async login(@Body() body: LoginDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    if (body.cookie) this.cookie.assertSameOrigin(request);
    return this.answer(await this.auth.login(body, clientIp(request)), body.cookie, response);
  }

  /**
   * Spends the refresh token and gives a new pair. A spent token used again revokes its
   * whole login. The token comes from the body or, without one, from the kp_refresh
   * cookie (then the new one goes back into the cookie, not into the answer).
   */
  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiUnauthorizedResponse({ description: 'invalid, expired, revoked or already spent (auth.refresh_invalid, auth.refresh_reused, auth.refresh_missing)' })
  @ApiForbiddenResponse({ description: CROSS_ORIGIN })
  async refresh(@Body() body: RefreshTokenDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<TokenPairDto> {
    const { token, fromCookie } = this.presentedRefreshToken(body, request);
    if (!token) throw SessionErrors.refresh_missing();
    try {
      return this.answer(await this.auth.refresh(token), fromCookie, response);
    } catch (error) {
      // A cookie that no longer works is taken away, so the browser stops sending it.
      if (fromCookie) this.cookie.clear(response);
      throw error;
    }
  }

  /** Ends the login this refresh token (body or cookie) belongs to; its access tokens stop working too. */
  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'logged out (also for an unknown token)' })
  @ApiForbiddenResponse({ description: CROSS_ORIGIN })
  async logout(@Body() body: RefreshTokenDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const { token, fromCookie } = this.presentedRefreshToken(body, request);
    if (token) await this.auth.logout(token);
    if (fromCookie) this.cookie.clear(response);
  }

  /** The link of a verification mail: the address is verified (or a new address takes effect). */
  @Public()
  @Post('verify-email')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: UserAnswerDto })
  @ApiBadRequestResponse({ description: 'malformed token (token.malformed), or not a verification token (token.invalid)' })
  @ApiGoneResponse({ description: 'expired (token.expired) or already used (token.spent)' })
  @ApiConflictResponse({ description: 'the new address was taken meanwhile (account.email_taken)' })
  async verifyEmail(@Body() body: VerifyEmailDto): Promise<UserAnswerDto> {
    return { user: await this.account.verifyEmail(body.token) };
  }

  /** A new verification mail for the address waiting for it. */
  @Post('verify-email/resend')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ description: 'a new link is on its way' })
  @ApiConflictResponse({ description: 'nothing waits for verification (account.already_verified)' })
  @ApiTooManyRequestsResponse({ description: 'enough mails this hour (account.too_many_mails); see Retry-After' })
  async resendVerification(@CurrentUser() caller: AuthUser): Promise<void> {
    await this.account.resendVerification(caller);
  }

  /** Mails a 30-minute, single-use link to choose a new password. Answers 202 whether or not the address has an account. */
  @Public()
  @Post('password/forgot')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ description: 'if the address has an account, a link is on its way' })
  @ApiTooManyRequestsResponse({ description: 'too many requests from this IP (common.too_many_requests)' })
  async forgotPassword(@Body() body: ForgotPasswordDto, @Req() request: Request): Promise<void> {
    await this.account.requestPasswordReset(body.email, clientIp(request));
  }

  /** Sets the new password of the reset link; every session of the account ends. */
  @Public()
  @Post('password/reset')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: UserAnswerDto })
  @ApiBadRequestResponse({ description: 'malformed token (token.malformed), not a reset token (token.invalid), or a too short password (validation.failed)' })
  @ApiGoneResponse({ description: 'expired (token.expired) or already used (token.spent)' })
  @ApiTooManyRequestsResponse({ description: 'too many requests from this IP (common.too_many_requests)' })
  async resetPassword(@Body() body: ResetPasswordDto, @Req() request: Request): Promise<UserAnswerDto> {
    return { user: await this.account.resetPassword(body.token, body.password, clientIp(request)) };
  }

  /** The body's token, else the cookie's — which counts only from PUBLIC_URL's origin. */
  private presentedRefreshToken(body: RefreshTokenDto, request: Request): { token?: string; fromCookie: boolean } {
    if (body.refreshToken) return { token: body.refreshToken, fromCookie: false };
    const fromCookie = this.cookie.read(request);
    if (fromCookie === undefined) return { fromCookie: false };
    this.cookie.assertSameOrigin(request);
    return { token: fromCookie, fromCookie: true };
  }

  /** A browser's refresh token goes into its httpOnly cookie and never into the answer. */
  private answer<T extends IssuedTokens | Session>(issued: T, inCookie: boolean | undefined, response: Response): Omit<T, 'refreshToken'> & { refreshToken?: string } {
    if (!inCookie) return issued;
    this.cookie.set(response, issued.refreshToken);
    const { refreshToken: _inCookie, ...rest } = issued;
    return rest;
  }
}
