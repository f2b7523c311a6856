import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { DomainError, HTTP_STATUS_OF } from '../errors/domain-error.js';

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
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

/**
 * The one place where errors become HTTP answers in the NestJS shape
 * `{statusCode, message, error}`. Unknown errors answer 500 with an error id that
 * is logged with the stack; internals never reach the client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) {
      response.destroy();
      return;
    }

    if (exception instanceof HttpException) {
      response.status(exception.getStatus()).json(this.shape(exception));
      return;
    }
    if (exception instanceof DomainError) {
      const status = HTTP_STATUS_OF[exception.code];
      if (exception.retryAfterSeconds !== undefined) {
        response.setHeader('Retry-After', String(Math.max(1, Math.ceil(exception.retryAfterSeconds))));
      }
      response.status(status).json({ statusCode: status, message: exception.message, error: REASON[status] });
      return;
    }
    if (isBodyParserError(exception) && exception.status >= 400 && exception.status < 500) {
      const message =
        exception.type === 'entity.too.large'
          ? 'Request body is too large'
          : exception.type === 'entity.parse.failed'
            ? 'Request body is not valid JSON'
            : 'Request body could not be read';
      response.status(exception.status).json({ statusCode: exception.status, message, error: REASON[exception.status] ?? 'Bad Request' });
      return;
    }

    const errorId = randomUUID();
    this.logger.error(
      `error ${errorId}: ${exception instanceof Error ? exception.message : String(exception)}`,
      exception instanceof Error ? exception.stack : undefined,
    );
    response.status(HttpStatus.INTERNAL_SERVER_ERROR).json({
      statusCode: 500,
      message: `Er ging iets mis aan onze kant / Something went wrong on our side (error id ${errorId})`,
      error: REASON[500],
      errorId,
    });
  }

  private shape(exception: HttpException): object {
    const status = exception.getStatus();
    const body = exception.getResponse();
    if (typeof body === 'string') return { statusCode: status, message: body, error: REASON[status] ?? body };
    return { statusCode: status, error: REASON[status], ...body };
  }
}
