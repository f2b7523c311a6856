import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { AuthenticatedRequest } from '../auth/decorators.js';
import { AppConfig } from '../config/app-config.js';
import { CommonErrors } from '../errors/domain-error.js';
import { clientIp } from '../http/client-ip.js';
import { RateLimiter } from './rate-limiter.js';

/** The HTTP routes with a limit of their own: searching and uploading cost the most per call. */
export type HttpRateLimitKind = 'search' | 'upload';

interface RateLimitRule {
  kind: HttpRateLimitKind;
  /** Count only calls that carry this query parameter (a list that searches only with `q`). */
  whenQuery?: string;
}

const RATE_LIMIT = 'kennisplein:rateLimit';

const ERROR_OF_KIND = { search: CommonErrors.too_many_searches, upload: CommonErrors.too_many_uploads };

/**
 * Counts the caller's calls of a kind in Redis (under REDIS_PREFIX, shared by every api
 * instance): per account when signed in, else per client address. Past the limit: 429
 * with the kind's code and Retry-After.
 */
@Injectable()
export class HttpRateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<RateLimitRule | undefined>(RATE_LIMIT, context.getHandler());
    if (!rule) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (rule.whenQuery) {
      const value = (request.query as Record<string, unknown> | undefined)?.[rule.whenQuery];
      if (value === undefined || value === '') return true;
    }
    const [limit, windowSeconds] =
      rule.kind === 'search'
        ? [this.config.SEARCH_RATE_LIMIT, this.config.SEARCH_RATE_WINDOW_SECONDS]
        : [this.config.UPLOAD_RATE_LIMIT, this.config.UPLOAD_RATE_WINDOW_SECONDS];
    const caller = request.user ? `user:${request.user.id}` : `ip:${clientIp(request)}`;
    const result = await this.limiter.consume(`http:${rule.kind}:${caller}`, limit, windowSeconds);
    if (result.allowed) return true;
    throw ERROR_OF_KIND[rule.kind]({ seconds: result.retryAfterSeconds }, { retryAfterSeconds: result.retryAfterSeconds });
  }
}

/** The route counts towards the caller's limit of this kind (SEARCH_RATE_LIMIT, UPLOAD_RATE_LIMIT). */
export const RateLimit = (kind: HttpRateLimitKind, options: { whenQuery?: string } = {}) =>
  applyDecorators(
    SetMetadata(RATE_LIMIT, { kind, ...options } satisfies RateLimitRule),
    UseGuards(HttpRateLimitGuard),
    ApiTooManyRequestsResponse({ description: kind === 'search' ? 'common.too_many_searches' : 'common.too_many_uploads' }),
  );
