import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';

/**
 * One way to the database: the lint refuses SQL, the query builder and TypeORM repositories
 * outside a feature's repository and migrations. Linted as if written into real files.
 */
const eslint = new ESLint({ cwd: process.cwd() });
const SQL_IN_CODE = `
import { DataSource } from 'typeorm';
export async function countUsers(dataSource: DataSource): Promise<unknown> {
  return dataSource.query('SELECT count(*) FROM users');
}
`;

async function messagesFor(filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(SQL_IN_CODE, { filePath });
  // A file the lint could not parse would pass vacuously.
  expect(result.messages.filter((message) => message.fatal)).toEqual([]);
  return result.messages.filter((message) => message.ruleId === 'no-restricted-syntax').map((message) => message.message);
}

describe('the repository rule', () => {
  it('refuses SQL in a service, a controller and an app', async () => {
    for (const file of ['libs/identity/src/users/users.service.ts', 'libs/discussions/src/messages/messages.controller.ts', 'apps/cli/src/main.ts']) {
      expect(await messagesFor(file)).toEqual([expect.stringContaining("belongs in the feature's x.repository.ts")]);
    }
  }, 60_000);

  it('lets a repository and a migration hold it', async () => {
    expect(await messagesFor('libs/identity/src/users/users.repository.ts')).toEqual([]);
    expect(await messagesFor('libs/identity/src/migrations/1763830000000-create-identity.ts')).toEqual([]);
  }, 60_000);
});
