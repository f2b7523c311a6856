import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { AuthErrors, CommonErrors, DomainError, type ErrorFactory } from '../errors/domain-error.js';
import { databaseInputError, databaseUnavailable } from '../errors/database-errors.js';
import { pickLocale } from '../errors/locale.js';

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Nest's own HttpExceptions (an unknown route, a framework limit) by status, as common codes. */
const COMMON_ERROR_OF_STATUS: Record<number, ErrorFactory> = {
  400: CommonErrors.bad_request,
  401: AuthErrors.unauthenticated,
  404: CommonErrors.not_found,
  405: CommonErrors.method_not_allowed,
  413: CommonErrors.body_too_large,
  415: CommonErrors.unsupported_media_type,
  503: CommonErrors.unavailable,
};

/** body-parser's errors carry a status and a type but are no HttpException. */
interface BodyParserError {
  status: number;
  type: string;
}
const isBodyParserError = (error: unknown): error is BodyParserError =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as BodyParserError).status === 'number' &&
  typeof (error as BodyParserError).type === 'string';

const describeCause = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The one place where errors become HTTP answers:
 * `{statusCode, code, message, error}` (NestJS's shape with a stable dotted code), the
 * message in the caller's language. Unknown errors answer 500 with an error id that is
 * logged with the stack; internals never reach the client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const request = http.getRequest<Request & { user?: AuthUser }>();
    const error = this.toDomainError(exception, request);
    const locale = pickLocale(request?.headers?.['accept-language'], request?.user?.locale);

    // An error is never stored, whatever the route's cache policy said before it failed.
    response.setHeader('Cache-Control', 'no-store');
    if (error.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
    }
    response.status(error.status).json({
      statusCode: error.status,
      code: error.code,
      message: error.messageIn(locale),
      error: REASON[error.status] ?? 'Error',
      ...error.details,
    });
  }

  private toDomainError(exception: unknown, request: Request | undefined): DomainError {
    if (exception instanceof DomainError) return exception;
    // Nest wraps body-parser's errors in an HttpException; the cause says what it was.
    const bodyError = exception instanceof HttpException ? exception.cause : exception;
    // The JSON body's bounds (input-limits.ts) are checked inside the parser, which hands their error on.
    if (bodyError instanceof DomainError) return bodyError;
    if (isBodyParserError(bodyError) && bodyError.status >= 400 && bodyError.status < 500) {
      if (bodyError.type === 'entity.too.large') return CommonErrors.body_too_large();
      if (bodyError.type === 'entity.parse.failed') return CommonErrors.invalid_json();
      return CommonErrors.unreadable_body();
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest answers an unknown route with a NotFoundException of its own.
      if (status === 404 && request && /^Cannot [A-Z]+ /.test(exception.message)) {
        return CommonErrors.route_not_found({ method: request.method, path: request.path });
      }
      const known = COMMON_ERROR_OF_STATUS[status];
      if (known) return known();
      // Any other 4xx of the framework (a guard's 403, a 406…) keeps its status, never a 500.
      if (status >= 400 && status < 500) return CommonErrors.client_error({ status }, { status });
    }
    const refused = databaseInputError(exception);
    if (refused) {
      // A safety net: the edge's validation should have refused this input before SQL.
      this.logger.warn(`${request?.method} ${request?.path}: PostgreSQL refused the input (${(exception as Error).message}), answered ${refused.code}`);
      return refused;
    }
    const unavailable = databaseUnavailable(exception);
    if (unavailable) {
      // A fault of the service, not of this request: logged without a stack, answered 503.
      this.logger.warn(`${request?.method} ${request?.path}: PostgreSQL unavailable (${describeCause(exception)}), answered ${unavailable.code}`);
      return unavailable;
    }
    const errorId = randomUUID();
    this.logger.error(
      `error ${errorId}: ${exception instanceof Error ? exception.message : String(exception)}`,
      exception instanceof Error ? exception.stack : undefined,
    );
    return CommonErrors.internal({ errorId }, { details: { errorId } });
  }
}
