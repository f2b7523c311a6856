import { describe, expect, it, jest } from '@jest/globals';
import { ArgumentsHost, BadRequestException, Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '../errors/domain-error.js';
import { AllExceptionsFilter } from './all-exceptions.filter.js';

function fakeHttp() {
  const sent: { status?: number; body?: unknown; headers: Record<string, string> } = { headers: {} };
  const response = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: unknown) {
      sent.body = body;
      return this;
    },
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
    },
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getResponse: () => response }),
  } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('AllExceptionsFilter', () => {
  const filter = new AllExceptionsFilter();

  it('answers 500 with an error id that is logged, never the internals', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { host, sent } = fakeHttp();
    filter.catch(new Error('password authentication failed for user "postgres" at 10.0.0.5'), host);

    expect(sent.status).toBe(500);
    const body = sent.body as { statusCode: number; errorId: string; message: string };
    expect(body.statusCode).toBe(500);
    expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(body)).not.toMatch(/postgres|10\.0\.0\.5|password/);
    expect(String(logged.mock.calls[0]?.[0])).toContain(body.errorId);
    logged.mockRestore();
  });

  it('maps domain error codes to statuses, with Retry-After for rate limits', () => {
    const { host, sent } = fakeHttp();
    filter.catch(new DomainError(ErrorCode.RateLimited, 'slow down', 42.2), host);
    expect(sent.status).toBe(429);
    expect(sent.headers['Retry-After']).toBe('43');
    expect(sent.body).toEqual({ statusCode: 429, message: 'slow down', error: 'Too Many Requests' });

    const notFound = fakeHttp();
    filter.catch(new DomainError(ErrorCode.NotFound, 'Group not found'), notFound.host);
    expect(notFound.sent.body).toEqual({ statusCode: 404, message: 'Group not found', error: 'Not Found' });
  });

  it('keeps the NestJS shape of HTTP exceptions, validation lists included', () => {
    const { host, sent } = fakeHttp();
    filter.catch(new BadRequestException(['email must be an email', 'password is too short']), host);
    expect(sent.status).toBe(400);
    expect(sent.body).toEqual({
      statusCode: 400,
      message: ['email must be an email', 'password is too short'],
      error: 'Bad Request',
    });
  });
});
