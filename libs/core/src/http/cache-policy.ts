import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Observable } from 'rxjs';
import type { AnonymousCache } from './anonymous-cache.js';

/**
 * How shared caches and browsers may keep an answer (README, "HTTP caching"). Every api
 * answer starts private; a route opts in to a public policy, which only an anonymous GET
 * gets. Express adds a weak ETag of the body to every 2xx and answers a matching
 * If-None-Match with 304 and no body.
 */
export const CachePolicy = {
  /** Public data that changes seldom (the kennisbank): caches may keep it briefly. */
  short: 'public, max-age=30, stale-while-revalidate=60',
  /** Public data that changes live or may turn invisible (groups, threads, messages): revalidate every time. */
  live: 'public, no-cache',
  /** The default of a GET: the caller's own answer, revalidated every time. */
  private: 'private, no-cache',
  /** Errors and every non-GET answer. */
  none: 'no-store',
} as const;

export type PublicCachePolicy = typeof CachePolicy.short | typeof CachePolicy.live;

const PUBLIC_CACHE = 'kennisplein:publicCache';

/** The anonymous answer of this GET route is the same for every anonymous caller and may be cached publicly. */
export const PublicCache = (policy: PublicCachePolicy) => SetMetadata(PUBLIC_CACHE, policy);

const isRead = (method: string) => method === 'GET' || method === 'HEAD';

/**
 * The default before any route runs: a GET is private, anything else not stored, and every
 * answer varies by Authorization, so no cache hands an anonymous answer to a signed-in
 * caller (a `public` answer may otherwise serve requests with credentials, RFC 9111 §3.5).
 * Successful answers do not depend on Accept-Language (only error messages do, and those
 * are not stored).
 */
export function defaultCachePolicy(prefix: string): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    if (request.path.startsWith(prefix)) {
      response.setHeader('Cache-Control', isRead(request.method) ? CachePolicy.private : CachePolicy.none);
      response.vary('Authorization');
    }
    next();
  };
}

/**
 * Applies a route's @PublicCache to anonymous reads, after the guard has looked at the token;
 * tells the anonymous cache it may keep the answer (it keeps only those with a max-age).
 */
@Injectable()
export class PublicCacheInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly anonymousCache?: AnonymousCache,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const policy = this.reflector.get<PublicCachePolicy | undefined>(PUBLIC_CACHE, context.getHandler());
      if (policy) {
        const request = context.switchToHttp().getRequest<Request & { user?: unknown }>();
        // Any Authorization header, valid or not, keeps the answer private.
        if (isRead(request.method) && request.headers.authorization === undefined && request.user === undefined) {
          context.switchToHttp().getResponse<Response>().setHeader('Cache-Control', policy);
          this.anonymousCache?.allowKeeping(request, policy);
        }
      }
    }
    return next.handle();
  }
}
