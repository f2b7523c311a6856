import { DynamicModule, Logger, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import type { Response } from 'express';

/** Hashed file names change with their content: a year in every cache. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The browser client (apps/web, built by Vite into WEB_DIR) at `/`. A path that is no file
 * answers index.html (the client routes it), except the API, socket.io and a missing hashed
 * asset, which must 404 rather than return a page. index.html is revalidated at every
 * visit, so a new release is picked up at once.
 */
@Module({})
export class WebClientModule {
  static forRoot(webDir: string): DynamicModule {
    const rootPath = resolve(webDir);
    if (!existsSync(resolve(rootPath, 'index.html'))) {
      new Logger('WebClient').warn(`no web client in ${rootPath} (npm run build makes it): / answers 404`);
      return { module: WebClientModule };
    }
    return {
      module: WebClientModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath,
          exclude: ['/api/{*path}', '/socket.io/{*path}', '/assets/{*path}'],
          serveStaticOptions: {
            index: false,
            setHeaders: (response: Response, path: string) => {
              const cache = basename(path) === 'index.html' ? 'no-cache' : path.includes(`${sep}assets${sep}`) ? IMMUTABLE : 'public, max-age=3600';
              response.setHeader('Cache-Control', cache);
            },
          },
        }),
      ],
    };
  }
}
