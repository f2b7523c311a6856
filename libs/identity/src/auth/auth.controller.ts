import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { clientIp, Public } from '@kennisplein/core';
import { AuthService } from './auth.service.js';
import { LoginDto, RefreshTokenDto, RegisterDto, SessionDto, TokenPairDto } from './dto/auth.dto.js';

@ApiTags('identity')
@Public()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Creates an account and logs it in. */
  @Post('register')
  @ApiConflictResponse({ description: 'the email address is already registered' })
  register(@Body() body: RegisterDto): Promise<SessionDto> {
    return this.auth.register(body);
  }

  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiUnauthorizedResponse({ description: 'wrong email or password' })
  @ApiTooManyRequestsResponse({ description: 'too many attempts for this email or IP; see Retry-After' })
  login(@Body() body: LoginDto, @Req() request: Request): Promise<SessionDto> {
    return this.auth.login(body, clientIp(request));
  }

  /** Spends the refresh token and gives a new pair. A spent token used again revokes its whole login. */
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiUnauthorizedResponse({ description: 'invalid, expired, revoked or already spent' })
  refresh(@Body() body: RefreshTokenDto): Promise<TokenPairDto> {
    return this.auth.refresh(body.refreshToken);
  }

  /** Ends the login this refresh token belongs to; its access tokens stop working too. */
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'logged out (also for an unknown token)' })
  async logout(@Body() body: RefreshTokenDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }
}
