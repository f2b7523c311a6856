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
