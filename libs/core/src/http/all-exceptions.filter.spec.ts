import { describe, expect, it, jest } from '@jest/globals';
import { ArgumentsHost, ForbiddenException, Logger, NotFoundException } from '@nestjs/common';
import { IsEmail, MinLength, validateSync } from 'class-validator';
import { defineErrors } from '../errors/domain-error.js';
import { ValidationFailed } from '../errors/validation-failed.js';
import { socketFailure } from '../errors/error-answer.js';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter } from './all-exceptions.filter.js';

const SpecErrors = defineErrors('spec', {
  slow_down: { status: 429, nl: 'Rustig aan, nog {seconds} s', en: 'Slow down, {seconds} s to go' },
  group_missing: { status: 404, nl: 'Groep niet gevonden', en: 'Group not found' },
});

function fakeHttp(request: { headers?: Record<string, string>; user?: { locale?: string }; method?: string; path?: string } = {}) {
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
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ headers: {}, ...request }) }),
  } as unknown as ArgumentsHost;
  return { host, sent };
}

class SignUp {
  @IsEmail()
  email = 'not an address';

  @MinLength(10)
  password = 'short';
}

describe('AllExceptionsFilter', () => {
  const filter = new AllExceptionsFilter();

  it('answers 500 with an error id that is logged, never the internals', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { host, sent } = fakeHttp();
    filter.catch(new Error('password authentication failed for user "postgres" at 10.0.0.5'), host);

    expect(sent.status).toBe(500);
    const body = sent.body as { statusCode: number; code: string; errorId: string; message: string };
    expect(body.statusCode).toBe(500);
    expect(body.code).toBe('common.internal');
    expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.message).toContain(body.errorId);
    expect(JSON.stringify(body)).not.toMatch(/postgres|10\.0\.0\.5|password/);
    expect(String(logged.mock.calls[0]?.[0])).toContain(body.errorId);
    logged.mockRestore();
  });

  it('answers a domain error with its code and status, in Dutch by default, with Retry-After for rate limits', () => {
    const { host, sent } = fakeHttp();
    filter.catch(SpecErrors.slow_down({ seconds: 43 }, { retryAfterSeconds: 42.2 }), host);
    expect(sent.status).toBe(429);
    expect(sent.headers['Retry-After']).toBe('43');
    expect(sent.body).toEqual({ statusCode: 429, code: 'spec.slow_down', message: 'Rustig aan, nog 43 s', error: 'Too Many Requests' });
  });

  it('follows Accept-Language, then the caller’s own locale', () => {
    const english = fakeHttp({ headers: { 'accept-language': 'de-DE, en-GB;q=0.8, nl;q=0.5' } });
    filter.catch(SpecErrors.group_missing(), english.host);
    expect(english.sent.body).toMatchObject({ statusCode: 404, code: 'spec.group_missing', message: 'Group not found' });

    const byAccount = fakeHttp({ headers: { 'accept-language': 'fr' }, user: { locale: 'en' } });
    filter.catch(SpecErrors.group_missing(), byAccount.host);
    expect(byAccount.sent.body).toMatchObject({ message: 'Group not found' });

    const dutch = fakeHttp({ headers: { 'accept-language': 'en;q=0.1, nl' }, user: { locale: 'en' } });
    filter.catch(SpecErrors.group_missing(), dutch.host);
    expect(dutch.sent.body).toMatchObject({ message: 'Groep niet gevonden' });
  });

  it('lists every bad field under validation.failed, in the caller’s language', () => {
    const problems = validateSync(new SignUp());
    const dutch = fakeHttp();
    filter.catch(ValidationFailed.of(problems), dutch.host);
    expect(dutch.sent.status).toBe(400);
    expect(dutch.sent.body).toEqual({
      statusCode: 400,
      code: 'validation.failed',
      message: ['email moet een e-mailadres zijn', 'password moet minstens 10 tekens lang zijn'],
      error: 'Bad Request',
      fields: [
        { field: 'email', rule: 'isEmail' },
        { field: 'password', rule: 'minLength' },
      ],
    });

    const english = fakeHttp({ headers: { 'accept-language': 'en' } });
    filter.catch(ValidationFailed.of(problems), english.host);
    expect((english.sent.body as { message: string[] }).message).toEqual([
      'email must be an email',
      'password must be longer than or equal to 10 characters',
    ]);
  });

  it('gives Nest’s own exceptions a common code', () => {
    const { host, sent } = fakeHttp({ method: 'GET', path: '/api/v1/nowhere' });
    filter.catch(new NotFoundException('Cannot GET /api/v1/nowhere'), host);
    expect(sent.body).toEqual({
      statusCode: 404,
      code: 'common.route_not_found',
      message: 'Deze route bestaat niet: GET /api/v1/nowhere',
      error: 'Not Found',
    });
  });

  it('keeps the status of any other framework 4xx under common.client_error, never a 500', () => {
    const { host, sent } = fakeHttp();
    filter.catch(new ForbiddenException('Forbidden resource'), host);
    expect(sent.body).toEqual({ statusCode: 403, code: 'common.client_error', message: 'Dit verzoek kan zo niet worden uitgevoerd (403)', error: 'Forbidden' });
  });

  it('refuses a code declared twice with another meaning', () => {
    expect(() => defineErrors('spec', { slow_down: { status: 400, nl: 'x', en: 'y' } })).toThrow(/declared twice/);
    expect(() => defineErrors('Spec', { bad: { status: 400, nl: 'x', en: 'y' } })).toThrow(/dotted snake_case/);
  });

  // What pg hands TypeORM when PostgreSQL refuses a value: a DatabaseError with the SQLSTATE.
  const refusedBy = (code: string) =>
    new QueryFailedError('SELECT $1', ['x'], Object.assign(new Error(`refused (${code})`), { code, severity: 'ERROR' }));

  it.each([
    ['22P02', 'common.invalid_value'],
    ['22021', 'common.nul_character'],
    ['22003', 'common.number_out_of_range'],
    ['54001', 'common.input_too_complex'],
  ])('answers PostgreSQL’s refusal %s of an input with 400 %s, as a safety net behind validation', (sqlState, code) => {
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { host, sent } = fakeHttp({ method: 'GET', path: '/api/v1/somewhere' });
    filter.catch(refusedBy(sqlState), host);
    expect(sent.status).toBe(400);
    expect((sent.body as { code: string }).code).toBe(code);
    expect(JSON.stringify(sent.body)).not.toContain('SELECT');
    expect(socketFailure(refusedBy(sqlState), 'en', () => undefined).error.code).toBe(code);
    warned.mockRestore();
  });

  it('answers a lost database with 503 common.database_unavailable and Retry-After, over HTTP and sockets, never its internals', () => {
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const killed = () =>
      new QueryFailedError(
        'INSERT INTO messages (thread_id) VALUES ($1)',
        ['x'],
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' }),
      );
    const { host, sent } = fakeHttp({ headers: { 'accept-language': 'en' }, method: 'POST', path: '/api/v1/threads/x/messages' });
    filter.catch(killed(), host);
    expect(sent.status).toBe(503);
    expect(sent.headers['Retry-After']).toBe('1');
    expect(sent.body).toEqual({
      statusCode: 503,
      code: 'common.database_unavailable',
      message: 'The database cannot be reached for a moment; try again shortly',
      error: 'Service Unavailable',
    });
    // The operator's log names the cause; no error id, no stack: it is no fault of the code.
    expect(String(warned.mock.calls[0]?.[0])).toContain('terminating connection');
    expect(logged).not.toHaveBeenCalled();

    const logLines: string[] = [];
    expect(socketFailure(killed(), 'en', (line) => logLines.push(line))).toEqual({
      ok: false,
      error: { code: 'common.database_unavailable', message: 'The database cannot be reached for a moment; try again shortly' },
      status: 503,
    });
    expect(logLines).toEqual([]);
    warned.mockRestore();
    logged.mockRestore();
  });

  it('still answers any other database error with 500', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { host, sent } = fakeHttp();
    filter.catch(refusedBy('23505'), host);
    expect(sent.status).toBe(500);
    logged.mockRestore();
  });
});
