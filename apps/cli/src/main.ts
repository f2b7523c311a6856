import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AppConfig, assertRedisReachable, loadConfig, prepareDatabase, runMain, StartupError } from '@kennisplein/core';
import { AdminAccounts } from '@kennisplein/identity';
import { platformMigrations } from '../../platform.js';
import { CliModule } from './cli.module.js';
import { runImport } from './import-command.js';

const USAGE = `Usage: npm run cli -- <command>
  migrate                                        create the database if needed and run pending migrations
  admin:create --email E --password P [--name N] create a platform admin, or make an existing account admin
  import <folder> --congress SLUG [--concurrency N] import the kennisbank documents (.txt, .md, .pdf) of a folder`;

const say = (line: string) => process.stdout.write(`${line}\n`);

async function migrate(config: AppConfig): Promise<void> {
  const ran = await prepareDatabase(config.DATABASE_URL, platformMigrations);
  say(ran.length > 0 ? `ran ${ran.length} migration(s): ${ran.join(', ')}` : 'database is up to date');
}

async function createAdmin(config: AppConfig, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
  });
  if (!values.email || !values.password) throw new StartupError(`admin:create needs --email and --password\n${USAGE}`);
  if (values.password.length < 10) throw new StartupError('the password needs at least 10 characters');
  await prepareDatabase(config.DATABASE_URL, platformMigrations);
  await assertRedisReachable(config.REDIS_URL);
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    const outcome = await app.get(AdminAccounts).createOrPromote(values.email, values.password, values.name);
    say(
      {
        created: `created platform admin ${values.email}`,
        promoted: `${values.email} already had an account: it is now a platform admin (its password is unchanged)`,
        'already-admin': `${values.email} is already a platform admin (its password is unchanged)`,
        refused: `${values.email} was not promoted`,
      }[outcome],
    );
  } finally {
    await app.close();
  }
}

async function importFolder(config: AppConfig, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { congress: { type: 'string' }, concurrency: { type: 'string', default: '4' } },
  });
  const concurrency = Number(values.concurrency);
  if (positionals.length !== 1 || !values.congress || !Number.isInteger(concurrency) || concurrency < 1) {
    throw new StartupError(`import needs a folder and --congress\n${USAGE}`);
  }
  await prepareDatabase(config.DATABASE_URL, platformMigrations);
  await assertRedisReachable(config.REDIS_URL);
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    await runImport(app, positionals[0], values.congress, concurrency);
  } finally {
    await app.close();
  }
}

runMain(async () => {
  const [command, ...args] = process.argv.slice(2);
  const config = loadConfig();
  switch (command) {
    case 'migrate':
      return migrate(config);
    case 'admin:create':
      return createAdmin(config, args);
    case 'import':
      return importFolder(config, args);
    default:
      throw new StartupError(command ? `unknown command ${command}\n${USAGE}` : USAGE);
  }
});
