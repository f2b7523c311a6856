import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { LRUCache } from 'lru-cache';
import { AppConfig } from '../config/app-config.js';

/** A kept 200: the bytes sent and the headers that belong to them (the others are set per request). */
interface KeptAnswer {
  body: Buffer;
  etag: string;
  contentType: string;
  cacheControl: string;
  storedAt: number;
}

/** What the interceptor tells the middleware about a request it may keep the answer of. */
interface Keepable {
  ttlMs: number;
}

const KEEPABLE = Symbol('anonymousCache.keepable');
type MarkedRequest = Request & { [KEEPABLE]?: Keepable };

/** The max-age of a Cache-Control value in ms; undefined when it has none (no-cache answers). */
export function maxAgeMs(cacheControl: string): number | undefined {
  const match = /(?:^|,)\s*max-age=(\d+)/.exec(cacheControl);
  return match ? Number(match[1]) * 1000 : undefined;
}

/** The Content-Type Express's send gives a string body: the one set, with charset=utf-8. */
function withCharset(type: unknown, body: string | Buffer): string | undefined {
  if (typeof type !== 'string') return undefined;
  return typeof body === 'string' && !/;\s*charset=/i.test(type) ? `${type}; charset=utf-8` : type;
}

/**
 * The key of an anonymous GET: its path and its query with the parameters sorted by name
 * (repeated ones keep their order, which the answer may depend on). Successful answers vary
 * only by Authorization (cache-policy.ts), and only anonymous ones are kept.
 */
export function anonymousCacheKey(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const params = new URLSearchParams(url.slice(at + 1));
  params.sort();
  const query = params.toString();
  return query === '' ? url.slice(0, at) : `${url.slice(0, at)}?${query}`;
}

/**
 * Discourse's anonymous cache inside the api: the 200 answers of anonymous GETs of routes
 * with a public max-age (@PublicCache(CachePolicy.short), the kennisbank) are kept in memory
 * for ANONYMOUS_CACHE_TTL_MS, never longer than that max-age (an Age header counts the time
 * kept), and answered, 304 to a matching If-None-Match, before guards, pipes and handler
 * run. Anonymous means no Authorization header: these routes read no cookie. A change of the
 * answers (e.g. the kennisbank's `kennisbank.changed`) calls clear(); other instances catch
 * up within the TTL, as the Cache-Control sent allows. Cached hits skip the search rate
 * limit: they cost no query.
 */
@Injectable()
export class AnonymousCache {
  private readonly answers: LRUCache<string, KeptAnswer>;
  private readonly enabled: boolean;
  private readonly ttlMs: number;
  /** Bumped by clear(): an answer computed before a change is not kept after it. */
  private generation = 0;

  constructor(config: AppConfig) {
    this.enabled = config.ANONYMOUS_CACHE_ENABLED;
    this.ttlMs = config.ANONYMOUS_CACHE_TTL_MS;
    this.answers = new LRUCache<string, KeptAnswer>({
      max: config.ANONYMOUS_CACHE_MAX_ENTRIES,
      maxSize: config.ANONYMOUS_CACHE_MAX_BYTES,
      sizeCalculation: (answer, key) => answer.body.length + key.length,
    });
  }

  /** Every kept answer goes; answers being computed now are not kept. */
  clear(): void {
    this.generation++;
    this.answers.clear();
  }

  get size(): number {
    return this.answers.size;
  }

  /** The interceptor's word: this anonymous request's answer may be kept, under this policy. */
  allowKeeping(request: Request, cacheControl: string): void {
    const maxAge = maxAgeMs(cacheControl);
    if (!this.enabled || maxAge === undefined || maxAge === 0) return;
    (request as MarkedRequest)[KEEPABLE] = { ttlMs: Math.min(this.ttlMs, maxAge) };
  }

  /** Answers kept anonymous GETs under the prefix; keeps the 200s the interceptor allowed. */
  middleware(prefix: string): RequestHandler {
    return (request: Request, response: Response, next: NextFunction) => {
      if (!this.enabled || request.method !== 'GET' || request.headers.authorization !== undefined || !request.path.startsWith(prefix)) {
        next();
        return;
      }
      const key = anonymousCacheKey(request.originalUrl);
      const kept = this.answers.get(key);
      if (kept) {
        this.answer(request, response, kept);
        return;
      }
      this.keepWhenSent(key, request as MarkedRequest, response);
      next();
    };
  }

  private answer(request: Request, response: Response, kept: KeptAnswer): void {
    response.statusCode = 200;
    response.setHeader('Cache-Control', kept.cacheControl);
    response.setHeader('Age', String(Math.floor((Date.now() - kept.storedAt) / 1000)));
    response.setHeader('ETag', kept.etag);
    // Express's freshness check: If-None-Match against the ETag just set.
    if (request.fresh) {
      response.statusCode = 304;
      response.end();
      return;
    }
    response.setHeader('Content-Type', kept.contentType);
    response.setHeader('Content-Length', String(kept.body.length));
    response.end(kept.body);
  }

  /** Wraps this response's send: the body Express sends as a 200 is kept, if the interceptor allowed it. */
  private keepWhenSent(key: string, request: MarkedRequest, response: Response): void {
    const generation = this.generation;
    const send = response.send;
    response.send = (body?: unknown) => {
      // res.json calls send again with the string: only that call is looked at.
      if (typeof body !== 'string' && !Buffer.isBuffer(body)) return send.call(response, body);
      response.send = send;
      const keepable = request[KEEPABLE];
      const status = response.statusCode;
      // Read before send: a 304 (the caller had the ETag) goes out without it, and is kept all the same.
      const typeSet = response.getHeader('Content-Type');
      const result = send.call(response, body);
      if (keepable && status === 200 && (response.statusCode === 200 || response.statusCode === 304) && generation === this.generation) {
        const etag = response.getHeader('ETag');
        const contentType = response.getHeader('Content-Type') ?? withCharset(typeSet, body);
        const cacheControl = response.getHeader('Cache-Control');
        if (typeof etag === 'string' && typeof contentType === 'string' && typeof cacheControl === 'string') {
          const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
          this.answers.set(key, { body: bytes, etag, contentType, cacheControl, storedAt: Date.now() }, { ttl: keepable.ttlMs });
        }
      }
      return result;
    };
  }
}
