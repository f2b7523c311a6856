import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/** Where Swagger UI is served (SwaggerModule.setup in configure-http-app.ts). */
export const DOCS_PATH = '/api/docs';

/**
 * The Content-Security-Policy of the platform: the web client is Vite's build, scripts and
 * styles from its own files only (dist/web/index.html has no inline script). Inline style
 * *attributes* are allowed, not `<style>` elements: the server's sanitized markdown keeps
 * table alignment as `style="text-align:…"` (stored in messages and blogs) and the
 * unsubscribe pages style their body; a style attribute can load nothing, since images,
 * fonts and connections stay on our origin. socket.io's websocket is covered by
 * connect-src 'self' (CSP 3 lets 'self' match ws/wss of the same host).
 */
function platformDirectives(https: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'style-src-attr': ["'unsafe-inline'"],
    // blob: for images the client fetched with the session and shows from memory (a members-only site's logo).
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** Swagger UI ships `<style>` blocks and data: icons in its page; its scripts are files. */
function docsDirectives(https: boolean): Record<string, string[]> {
  return { ...platformDirectives(https), 'style-src': ["'self'", "'unsafe-inline'"], 'style-src-attr': ["'unsafe-inline'"] };
}

function headers(directives: Record<string, string[]>, https: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    xFrameOptions: { action: 'deny' },
    // HSTS only where the platform is reached over https: on http it would be ignored at best.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  }) as RequestHandler;
}

/**
 * helmet's security headers on every answer: the api, the web client, the docs and the
 * pages the server renders itself (digest unsubscribe). A route that serves user bytes
 * (a logo, a file) sets its own stricter CSP over these.
 */
export function securityHeaders(publicUrl: string): RequestHandler {
  const https = new URL(publicUrl).protocol === 'https:';
  const platform = headers(platformDirectives(https), https);
  const docs = headers(docsDirectives(https), https);
  return (request: Request, response: Response, next: NextFunction) =>
    (request.path === DOCS_PATH || request.path.startsWith(`${DOCS_PATH}/`) ? docs : platform)(request, response, next);
}
