import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject } from '@nestjs/swagger';
import { Reflector } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '../config/app-config.js';
import { RedisIoAdapter } from '../realtime/redis-io.adapter.js';
import { AllExceptionsFilter } from './all-exceptions.filter.js';
import { answerClientErrors } from './client-errors.js';
import { documentActivityVerbs } from '../activity/activity-verbs.js';
import { documentErrors } from './error-document.js';
import { checkRawJson } from './input-limits.js';
import { AnonymousCache } from './anonymous-cache.js';
import { defaultCachePolicy, PublicCacheInterceptor } from './cache-policy.js';
import { DOCS_PATH, securityHeaders } from './security-headers.js';
import { createValidationPipe } from './validation.js';

export const API_PREFIX = 'api/v1';

/**
 * Everything an HTTP app needs around its modules: socket.io over Redis, the /api/v1
 * prefix, security headers, cache policy (cache-policy.ts) and CORS, the anonymous cache, validation, the error shape, body limits and OpenAPI
 * at /api/docs. The api's main and the e2e tests both call it, so tests exercise the same
 * stack the server runs.
 */
export async function configureHttpApp(app: NestExpressApplication): Promise<RedisIoAdapter> {
  const config = app.get(AppConfig);
  const limits = { maxKeys: config.BODY_MAX_KEYS, maxDepth: config.BODY_MAX_DEPTH };
  const io = new RedisIoAdapter(app);
  await io.connect();
  app.useWebSocketAdapter(io);
  app.setGlobalPrefix(API_PREFIX);
  app.use(securityHeaders(config.PUBLIC_URL));
  app.use(defaultCachePolicy(`/${API_PREFIX}/`));
  // Browsers may call the api from the platform's own origin only; API clients send no Origin.
  app.enableCors({ origin: new URL(config.PUBLIC_URL).origin, credentials: true });
  // After the security, cache and CORS headers are set; before guards, pipes and handlers.
  const anonymousCache = app.get(AnonymousCache);
  app.use(anonymousCache.middleware(`/${API_PREFIX}/`));
  app.useGlobalPipes(createValidationPipe(limits));
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalInterceptors(new PublicCacheInterceptor(app.get(Reflector), anonymousCache));
  // The raw body is checked before JSON.parse: nesting, keys and NUL characters bounded.
  // (Nest's options type leaves out body-parser's `verify`, which it passes on all the same.)
  const verify = (_request: unknown, _response: unknown, body: Buffer) => checkRawJson(body, limits);
  app.useBodyParser('json', { limit: config.BODY_MAX_BYTES, verify } as { limit: number });
  app.useBodyParser('urlencoded', { limit: config.BODY_MAX_BYTES, extended: true, parameterLimit: config.BODY_MAX_KEYS });
  app.disable('x-powered-by');
  answerClientErrors(app.getHttpServer());
  app.set('trust proxy', config.trustProxy);
  // No enableShutdownHooks: the api's main stops on SIGTERM the graceful way (startup/graceful-shutdown.ts).

  const document = createOpenApiDocument(app);
  SwaggerModule.setup(DOCS_PATH.slice(1), app, document, { jsonDocumentUrl: 'api/docs-json' });
  return io;
}

/**
 * The OpenAPI document of an app's routes, the contract the web client's types are
 * generated from (apps/api/src/openapi.ts writes it at build time).
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Kennisplein API')
      .setDescription('Co-creation workspaces around the NIOC kennisbank. Contract: API.md.')
      .setVersion('1')
      .addServer('/')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .addSecurityRequirements('bearer')
      .build(),
  );
  documentErrors(document);
  documentActivityVerbs(document);
  return document;
}
