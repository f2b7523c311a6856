import { AsyncLocalStorage } from 'node:async_hooks';
import { jest } from '@jest/globals';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Counts the SQL statements an app sends while `work` runs, by watching the query method
 * every TypeORM query runner of its data source shares. For checks like "no query per
 * row", never for timings.
 */
export async function countQueries(dataSource: DataSource, work: () => Promise<unknown>): Promise<number> {
  const runner = dataSource.createQueryRunner();
  const prototype = Object.getPrototypeOf(runner) as QueryRunner;
  await runner.release();
  const spy = jest.spyOn(prototype, 'query');
  try {
    await work();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

/**
 * countQueries, but only the statements that `work` itself sends (its own chain of calls,
 * followed by AsyncLocalStorage), not those of anything else the app does meanwhile.
 */
export async function countOwnQueries(dataSource: DataSource, work: () => Promise<unknown>): Promise<number> {
  const runner = dataSource.createQueryRunner();
  const prototype = Object.getPrototypeOf(runner) as QueryRunner;
  await runner.release();
  const own = new AsyncLocalStorage<true>();
  // The method itself, called on each runner it is called on.
  const original = Reflect.get<QueryRunner, 'query'>(prototype, 'query');
  let count = 0;
  const spy = jest.spyOn(prototype, 'query').mockImplementation(function (this: QueryRunner, ...args: Parameters<QueryRunner['query']>) {
    if (own.getStore()) count++;
    return original.apply(this, args);
  });
  try {
    await own.run(true, work);
    return count;
  } finally {
    spy.mockRestore();
  }
}
