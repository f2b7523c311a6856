import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { platformSearchPath } from '../apps/platform.js';
import { pdfOf, sample, SAMPLE_WITH_HEADER } from './support/kennisbank.js';
import { createTestDatabase, testDatabaseName, urlOfDatabase } from './support/databases.js';
import { assertBuilt, DIST, freePort, run, start, waitFor } from './support/processes.js';
import { testEnv } from './support/test-app.js';

beforeAll(() => assertBuilt());

interface OpenApiDocument {
  paths: Record<string, Record<string, { security?: unknown[]; requestBody?: unknown; responses: object }>>;
  security: unknown[];
  components: {
    securitySchemes: Record<string, object>;
    schemas: Record<string, { properties: Record<string, { minLength?: number }> }>;
  };
}

/** The one line on stderr, and no stack trace. */
function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  return lines[0];
}

describe('start-up failures end with one clear line', () => {
  it('names the PostgreSQL URL it tried and how to start it', async () => {
    const env = testEnv('postgres://postgres:secret@127.0.0.1:1/kennisplein');
    const result = await run(DIST.api, [], env);
    expect(result.code).toBe(1);
    const line = oneLine(result.stderr);
    expect(line).toContain('PostgreSQL does not answer at postgres://postgres:***@127.0.0.1:1/kennisplein');
    expect(line).toContain('docker/compose.yml');
    expect(line).not.toContain('secret');
  });

  it('names the Redis URL it tried', async () => {
    const env = testEnv(await createTestDatabase(), { REDIS_URL: 'redis://127.0.0.1:1' });
    const result = await run(DIST.api, [], env);
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toContain('Redis does not answer at redis://127.0.0.1:1');
  });

  it('names the Redis URL from the cli too', async () => {
    const env = testEnv(await createTestDatabase(), { REDIS_URL: 'redis://127.0.0.1:1' });
    const result = await run(DIST.cli, ['admin:create', '--email', 'a@example.org', '--password', 'long enough 1'], env);
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toContain('Redis does not answer at redis://127.0.0.1:1');
  });

  it('names a bad variable', async () => {
    const result = await run(DIST.api, [], { PORT: 'abc' });
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toMatch(/Invalid configuration: PORT .*"abc"/);
  });

  it('refuses production without JWT_SECRET', async () => {
    const result = await run(DIST.worker, [], { NODE_ENV: 'production' });
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toContain('JWT_SECRET must be set when NODE_ENV=production');
  });
});

describe('the api process (npm start)', () => {
  const databaseName = testDatabaseName('fresh');
  const adminEmail = `admin-${randomBytes(3).toString('hex')}@example.org`;
  let base: string;
  let api: ReturnType<typeof start>;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}/api`;
    api = start(DIST.api, [], {
      ...testEnv(urlOfDatabase(databaseName)),
      PORT: String(port),
      WORKER_INLINE: 'true',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin password 1',
      LOG_LEVEL: 'log',
      SAMPLE_DOCUMENTS_DIR: 'libs/kennisbank/samples',
    });
    await waitFor(api, async () => (await fetch(`${base}/v1/health`)).ok);
  });
  afterAll(async () => {
    api.child.kill('SIGTERM');
    await api.exited;
  });

  it('created its database, ran the migrations and answers health ok', async () => {
    expect(await (await fetch(`${base}/v1/health`)).json()).toEqual({ status: 'ok', db: 'up', redis: 'up' });
    expect(api.output()).toContain('ran migrations');
  });

  it('made the ADMIN_EMAIL account a platform admin at start-up', async () => {
    const login = await fetch(`${base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: adminEmail, password: 'admin password 1' }),
    });
    expect(login.status).toBe(200);
    const client = new pg.Client({ connectionString: urlOfDatabase(databaseName), options: platformSearchPath });
    await client.connect();
    const { rows } = await client.query('SELECT is_admin FROM users WHERE email = $1', [adminEmail]);
    await client.end();
    expect(rows).toEqual([{ is_admin: true }]);
  });

  it('imported the sample documents into its empty kennisbank', async () => {
    const titles = async () => {
      const page = (await (await fetch(`${base}/v1/contributions?congress=nioc2013`)).json()) as { items: { title: string }[] };
      return page.items.map((item) => item.title);
    };
    await waitFor(api, async () => (await titles()).length === 2);
    expect(await titles()).toContain("'Wij, de overheid', co-creatie in de netwerksamenleving");
    expect(api.output()).toContain('imported the sample documents into nioc2013: 2 created');
  });

  it('documents every route in OpenAPI, with bodies, answers and bearer auth', async () => {
    const docs = (await (await fetch(`${base}/docs-json`)).json()) as OpenApiDocument;
    const paths = docs.paths;
    for (const [path, method] of [
      ['/api/v1/auth/register', 'post'],
      ['/api/v1/auth/login', 'post'],
      ['/api/v1/auth/refresh', 'post'],
      ['/api/v1/auth/logout', 'post'],
      ['/api/v1/auth/verify-email', 'post'],
      ['/api/v1/auth/verify-email/resend', 'post'],
      ['/api/v1/auth/password/forgot', 'post'],
      ['/api/v1/auth/password/reset', 'post'],
      ['/api/v1/me/password', 'post'],
      ['/api/v1/me', 'get'],
      ['/api/v1/me', 'patch'],
      ['/api/v1/me', 'delete'],
      ['/api/v1/me/settings', 'get'],
      ['/api/v1/me/settings', 'patch'],
      ['/api/v1/me/export', 'get'],
      ['/api/v1/health', 'get'],
      ['/api/v1/sites', 'post'],
      ['/api/v1/sites', 'get'],
      ['/api/v1/sites/{slug}', 'get'],
      ['/api/v1/sites/{slug}/members', 'get'],
      ['/api/v1/sites/{slug}/members', 'post'],
      ['/api/v1/groups', 'post'],
      ['/api/v1/groups', 'get'],
      ['/api/v1/groups/{id}', 'get'],
      ['/api/v1/groups/{id}/join', 'post'],
      ['/api/v1/groups/{id}/leave', 'post'],
      ['/api/v1/groups/{id}/members', 'get'],
      ['/api/v1/groups/{id}/members/{userId}', 'patch'],
      ['/api/v1/groups/{id}/members/{userId}', 'delete'],
      ['/api/v1/groups/{id}/requests', 'get'],
      ['/api/v1/groups/{id}/requests/{userId}/approve', 'post'],
      ['/api/v1/groups/{id}/requests/{userId}/reject', 'post'],
      ['/api/v1/groups/{id}/invites', 'post'],
      ['/api/v1/invites/{token}/accept', 'post'],
      ['/api/v1/groups/{id}', 'patch'],
      ['/api/v1/groups/{id}/threads', 'post'],
      ['/api/v1/groups/{id}/threads', 'get'],
      ['/api/v1/threads/{id}', 'get'],
      ['/api/v1/threads/{id}/messages', 'get'],
      ['/api/v1/threads/{id}/messages', 'post'],
      ['/api/v1/messages/{id}', 'patch'],
      ['/api/v1/messages/{id}', 'delete'],
      ['/api/v1/congresses', 'get'],
      ['/api/v1/congresses', 'post'],
      ['/api/v1/congresses/{slug}', 'get'],
      ['/api/v1/themes', 'get'],
      ['/api/v1/contributions', 'get'],
      ['/api/v1/contributions', 'post'],
      ['/api/v1/contributions/import', 'post'],
      ['/api/v1/contributions/{id}', 'get'],
      ['/api/v1/contributions/{id}/feedback', 'post'],
      ['/api/v1/contributions/{id}/authors/{authorId}/user', 'put'],
      ['/api/v1/groups/{id}/blogs', 'post'],
      ['/api/v1/groups/{id}/blogs', 'get'],
      ['/api/v1/sites/{slug}/blogs', 'post'],
      ['/api/v1/sites/{slug}/blogs', 'get'],
      ['/api/v1/blogs/{id}', 'get'],
      ['/api/v1/blogs/{id}', 'patch'],
      ['/api/v1/blogs/{id}', 'delete'],
      ['/api/v1/groups/{id}/files', 'post'],
      ['/api/v1/groups/{id}/files', 'get'],
      ['/api/v1/files/{id}', 'get'],
      ['/api/v1/files/{id}/content', 'get'],
      ['/api/v1/files/{id}', 'delete'],
      ['/api/v1/me/notifications', 'get'],
      ['/api/v1/me/notifications/read', 'post'],
      ['/api/v1/me/notifications/unread-count', 'get'],
      ['/api/v1/me/notifications/read-all', 'post'],
      ['/api/v1/threads/{id}/read', 'put'],
      ['/api/v1/groups/{id}/mute', 'get'],
      ['/api/v1/groups/{id}/mute', 'put'],
      ['/api/v1/groups/{id}/mute', 'delete'],
      ['/api/v1/admin/digests/run', 'post'],
      ['/api/v1/admin/digests/runs', 'get'],
      ['/api/v1/digests/unsubscribe', 'get'],
      ['/api/v1/digests/unsubscribe', 'post'],
      ['/api/v1/markdown/preview', 'post'],
    ] as const) {
      expect(paths[path]?.[method]).toBeDefined();
    }
    expect(docs.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(docs.security).toEqual([{ bearer: [] }]);
    expect(paths['/api/v1/auth/login'].post.security).toEqual([{}, { bearer: [] }]);
    expect(paths['/api/v1/auth/register'].post.requestBody).toBeDefined();
    const register = docs.components.schemas.RegisterDto;
    expect(Object.keys(register.properties).sort()).toEqual(['cookie', 'displayName', 'email', 'password']);
    expect(register.properties.password.minLength).toBe(10);
    expect(docs.components.schemas.SessionDto.properties.user).toBeDefined();
    // Every error answer is documented once, with every code of the catalogue.
    const error = docs.components.schemas.Error as unknown as { properties: { code: { enum: string[] } }; description: string };
    expect(error.properties.code.enum).toEqual(
      expect.arrayContaining(['validation.failed', 'auth.invalid_credentials', 'token.expired', 'account.email_taken', 'common.internal']),
    );
    expect(error.description).toContain('| `auth.cross_origin` | 403 |');
    expect(paths['/api/v1/auth/login'].post.responses).toHaveProperty('default.content.application/json.schema.$ref', '#/components/schemas/Error');
    expect(Object.keys(docs.components.schemas.GroupDto.properties)).toEqual(expect.arrayContaining(['parentId', 'memberCount', 'myRole']));
    expect(Object.keys(paths['/api/v1/groups/{id}/join'].post.responses)).toEqual(expect.arrayContaining(['200', '202', '403']));
    // Wave 2: what the web client's generated types need.
    const schemas = docs.components.schemas;
    const fields = (name: string) => Object.keys(schemas[name]?.properties ?? {});
    expect(fields('GroupDto')).toEqual(expect.arrayContaining(['contributionId', 'myRequest', 'lastActivityAt']));
    expect(fields('ThreadDto')).toEqual(expect.arrayContaining(['myLastReadSeq', 'unreadCount', 'lastMessageAt']));
    expect(fields('ReadPositionDto')).toEqual(['seq']);
    expect(fields('MessageDto')).toContain('clientId');
    expect(fields('PostMessageDto')).toContain('clientId');
    expect(fields('FeedbackDto')).toContain('clientId');
    expect(fields('ContributionPageDto')).toEqual(expect.arrayContaining(['facets', 'total']));
    expect(fields('SearchFacetsDto').sort()).toEqual(['author', 'congress', 'keyword', 'theme']);
    expect(fields('UnreadCountDto')).toEqual(['count']);
    expect(Object.keys(paths['/api/v1/threads/{id}/messages'].post.responses)).toEqual(expect.arrayContaining(['200', '201', '409']));
    const listParameters = JSON.stringify((paths['/api/v1/contributions'].get as { parameters?: unknown }).parameters);
    expect(listParameters).toContain('"name":"facets"');
    expect(listParameters).toMatch(/"name":"congress"[^}]*"schema":\{[^}]*"type":"array"/);
    expect(JSON.stringify(paths['/api/v1/auth/register'].post.responses)).toContain('#/components/schemas/SessionDto');
    expect(Object.keys(paths['/api/v1/auth/login'].post.responses)).toEqual(expect.arrayContaining(['200', '401', '429']));
  });

  it('serves the web client at / and at every page of it, but never for the API or a missing asset', async () => {
    const origin = base.replace(/\/api$/, '');
    const root = await fetch(`${origin}/`);
    expect(root.status).toBe(200);
    expect(root.headers.get('cache-control')).toBe('no-cache');
    const html = await root.text();
    expect(html).toContain('<html lang="nl">');
    const deepLink = await fetch(`${origin}/zoeken?q=netwerken`);
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toBe(html);

    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${origin}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${origin}/assets/index-gone.js`)).status).toBe(404);

    const api = await fetch(`${origin}/api/v1/nowhere`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ code: 'common.route_not_found' });
  });

  it('serves the docs page at /api/docs', async () => {
    const page = await fetch(`${base}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
  });
});

describe('the cli (npm run cli)', () => {
  it('creates a platform admin, and promotes an existing account on a second run', async () => {
    const env = testEnv(await createTestDatabase());
    const email = `cli-admin-${randomBytes(3).toString('hex')}@example.org`;
    const first = await run(DIST.cli, ['admin:create', '--email', email, '--password', 'long enough 1'], env);
    expect(first.stdout).toContain(`created platform admin ${email}`);
    expect(first.code).toBe(0);
    const second = await run(DIST.cli, ['admin:create', '--email', email.toUpperCase(), '--password', 'long enough 1'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already a platform admin (its password is unchanged)');
  });

  it('runs the migrations of a new database with `migrate`', async () => {
    const name = testDatabaseName('cli');
    const result = await run(DIST.cli, ['migrate'], testEnv(urlOfDatabase(name)));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ran \d+ migration/);
    const again = await run(DIST.cli, ['migrate'], testEnv(urlOfDatabase(name)));
    expect(again.stdout).toContain('database is up to date');
  });

  it('imports a folder of kennisbank documents with a summary table, and changes nothing the second time', async () => {
    const env = testEnv(await createTestDatabase());
    const first = await run(DIST.cli, ['import', 'libs/kennisbank/samples', '--congress', 'nioc2013'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('made congress nioc2013');
    expect(first.stdout).toMatch(/│ created\s+│\s+2 │/);
    expect(first.stdout).toMatch(/│ failed\s+│\s+0 │/);
    expect(first.stderr).toContain('2/2 documents');
    const second = await run(DIST.cli, ['import', 'libs/kennisbank/samples', '--congress', 'nioc2013'], env);
    expect(second.stdout).toMatch(/│ created\s+│\s+0 │/);
    expect(second.stdout).toMatch(/│ unchanged\s+│\s+2 │/);
    const unknown = await run(DIST.cli, ['import', 'libs/kennisbank/samples', '--congress', 'najaar'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('congress najaar does not exist');
  });

  it('reads the text of PDFs on worker threads, and lists a broken one with its reason', async () => {
    const databaseUrl = await createTestDatabase();
    const folder = mkdtempSync(join(tmpdir(), 'kennisbank-pdf-'));
    try {
      writeFileSync(join(folder, 'paper.pdf'), await pdfOf(sample(SAMPLE_WITH_HEADER).toString('utf8')));
      writeFileSync(join(folder, 'kapot.pdf'), '%PDF-1.7\nthis is no pdf at all\n%%EOF');
      const result = await run(DIST.cli, ['import', folder, '--congress', 'nioc2013'], testEnv(databaseUrl));
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/│ created\s+│\s+1 │/);
      expect(result.stdout).toMatch(/failed {2}kapot\.pdf: de PDF is onleesbaar \/ the PDF could not be read/);
      const client = new pg.Client({ connectionString: databaseUrl, options: platformSearchPath });
      await client.connect();
      try {
        const { rows } = await client.query<{ title: string; source_type: string; body: string }>('SELECT title, source_type, body FROM contributions');
        expect(rows).toEqual([{ title: "'Wij, de overheid', co-creatie in de netwerksamenleving", source_type: 'pdf', body: expect.stringContaining('netwerksamenleving') }]);
      } finally {
        await client.end();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('explains its usage for a bad call', async () => {
    const result = await run(DIST.cli, ['admin:create', '--email', 'x@example.org'], testEnv(await createTestDatabase()));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('admin:create needs --email and --password');
  });
});

describe('the worker process', () => {
  it('starts, processes jobs and stops cleanly on SIGTERM', async () => {
    const worker = start(DIST.worker, [], { ...testEnv(await createTestDatabase()), LOG_LEVEL: 'log' });
    await waitFor(worker, () => Promise.resolve(worker.output().includes('worker processing jobs')));
    worker.child.kill('SIGTERM');
    const { stdout, stderr } = await worker.exited;
    expect(stdout).toContain('worker stopped on SIGTERM');
    expect(stderr).toBe('');
  });
});
