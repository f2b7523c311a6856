import { NestFactory } from '@nestjs/core';
import { writeFileSync } from 'node:fs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { API_PREFIX, createOpenApiDocument, loadConfig, runMain } from '@kennisplein/core';
import { ApiModule } from './api.module.js';

/**
 * Writes the api's OpenAPI document to the file given as argument, without a database or
 * Redis: Nest's preview mode builds the module graph and reads the routes' metadata but
 * instantiates no provider. `npm run build` runs it, then openapi-typescript turns the
 * document into the web client's types (apps/web/src/api/generated).
 */
runMain(async () => {
  const out = process.argv[2];
  if (!out) throw new Error('usage: node dist/apps/api/src/openapi.js <out.json>');
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(loadConfig()), {
    preview: true,
    logger: ['error'],
  });
  app.setGlobalPrefix(API_PREFIX);
  const document = createOpenApiDocument(app);
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
});
