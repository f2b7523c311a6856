import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { databaseInputError, databaseUnavailable } from './database-errors.js';

/** What PostgreSQL answers, as pg hands it on: a DatabaseError with the SQLSTATE and severity. */
function fromServer(code: string, severity: string, message: string): Error {
  return Object.assign(new pg.DatabaseError(message, message.length, 'error'), { code, severity });
}
/** What TypeORM throws for a failed query: the driver's error inside, its fields copied. */
const inQuery = (driverError: Error) => new QueryFailedError('SELECT * FROM messages WHERE thread_id = $1', ['x'], driverError);
const errno = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111, syscall: 'connect' });

describe('databaseUnavailable', () => {
  it.each([
    ['a killed backend (pg_terminate_backend)', inQuery(fromServer('57P01', 'FATAL', 'terminating connection due to administrator command'))],
    ['a server shutting down', inQuery(fromServer('57P02', 'FATAL', 'terminating connection because of crash of another server process'))],
    ['a server starting up', fromServer('57P03', 'FATAL', 'the database system is starting up')],
    ['a database refusing connections (ALLOW_CONNECTIONS false)', fromServer('55000', 'FATAL', 'database "kp" is not currently accepting connections')],
    ['a revoked CONNECT privilege', fromServer('42501', 'FATAL', 'permission denied for database "kp"')],
    ['too many connections', fromServer('53300', 'FATAL', 'sorry, too many clients already')],
    ['a connection failure of class 08', inQuery(fromServer('08006', 'ERROR', 'connection failure'))],
    ['a connection that does not exist', inQuery(fromServer('08003', 'ERROR', 'connection does not exist'))],
    ['a connection dropped in a query', inQuery(new Error('Connection terminated unexpectedly'))],
    ['a connection dropped outside a query', new Error('Connection terminated unexpectedly')],
    ['a client the pool handed out broken', inQuery(new Error('Client has encountered a connection error and is not queryable'))],
    ['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
    ['a transaction whose connection was lost between two statements', new QueryRunnerProviderAlreadyReleasedError()],
    ['a commit on a connection lost before it', new QueryRunnerAlreadyReleasedError()],
    ['a refused TCP connection', errno('ECONNREFUSED')],
    ['a reset TCP connection', inQuery(errno('ECONNRESET'))],
  ])('answers 503 common.database_unavailable for %s', (_case, error) => {
    const answer = databaseUnavailable(error);
    expect(answer?.code).toBe('common.database_unavailable');
    expect(answer?.status).toBe(503);
    expect(answer?.retryAfterSeconds).toBe(1);
    for (const locale of ['nl', 'en'] as const) expect(answer?.messageIn(locale)).not.toMatch(/terminat|SELECT|57P01|ECONN|pg_|\bat\b/);
  });

  it.each([
    ['a unique violation', inQuery(fromServer('23505', 'ERROR', 'duplicate key value violates unique constraint'))],
    ['a refused input', inQuery(fromServer('22P02', 'ERROR', 'invalid input syntax for type uuid'))],
    ['a cancelled statement', inQuery(fromServer('57014', 'ERROR', 'canceling statement due to statement timeout'))],
    ['a programming error', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a string', 'Connection terminated'],
    ['nothing', undefined],
  ])('leaves %s to the other answers', (_case, error) => {
    expect(databaseUnavailable(error)).toBeUndefined();
  });

  it('and a lost connection is no refused input', () => {
    expect(databaseInputError(inQuery(fromServer('57P01', 'FATAL', 'terminating connection due to administrator command')))).toBeUndefined();
  });
});
