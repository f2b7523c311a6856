import { Injectable } from '@nestjs/common';
import { parse as parseCookies } from 'cookie';
import type { Request, Response } from 'express';
import { API_PREFIX, AppConfig } from '@kennisplein/core';
import { IdentityConfig } from '../identity.config.js';
import { SessionErrors } from '../identity.errors.js';

/** The browser's refresh token: httpOnly, so no script ever reads it. */
export const REFRESH_COOKIE = 'kp_refresh';
/** Sent only to the auth routes, not with every API call. */
export const REFRESH_COOKIE_PATH = `/${API_PREFIX}/auth`;

const DAY_MS = 86_400_000;

/**
 * Browser sessions: the refresh token in an httpOnly SameSite=Strict cookie scoped to
 * /api/v1/auth (Secure when PUBLIC_URL is https); the access token lives in the page's
 * memory. A cookie is sent by the browser on its own, so a route that acts on it first
 * checks that the request comes from PUBLIC_URL's origin.
 */
@Injectable()
export class SessionCookie {
  private readonly origin: string;
  private readonly secure: boolean;

  constructor(
    config: AppConfig,
    private readonly settings: IdentityConfig,
  ) {
    const url = new URL(config.PUBLIC_URL);
    this.origin = url.origin;
    this.secure = url.protocol === 'https:';
  }

  set(response: Response, refreshToken: string): void {
    response.cookie(REFRESH_COOKIE, refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.secure,
      path: REFRESH_COOKIE_PATH,
      maxAge: this.settings.REFRESH_TOKEN_TTL_DAYS * DAY_MS,
    });
  }

  clear(response: Response): void {
    response.clearCookie(REFRESH_COOKIE, { httpOnly: true, sameSite: 'strict', secure: this.secure, path: REFRESH_COOKIE_PATH });
  }

  read(request: Request): string | undefined {
    const header = request.headers.cookie;
    return header ? parseCookies(header)[REFRESH_COOKIE] : undefined;
  }

  /**
   * The Origin header must be PUBLIC_URL's: a page elsewhere cannot make the browser
   * spend its cookie (a missing Origin is refused too: browsers send it on every POST).
   */
  assertSameOrigin(request: Request): void {
    if (request.headers.origin !== this.origin) throw SessionErrors.cross_origin({ origin: this.origin });
  }
}
