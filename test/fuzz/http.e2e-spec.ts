import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import { createTestApp, V1 } from '../support/test-app.js';
import { type OpenApiDocument, RequestArbitraries, type Route, routesOf } from './openapi-requests.js';
import { closeAgent, describeRequest, type RawAnswer, send } from './raw-http.js';
import { announce, deadlineMs, FUZZ_ONLY, FUZZ_RUNS, isCode, seedOf, shortReport } from './settings.js';
import { FUZZ_ENV } from './fuzz-env.js';
import { seedWorld } from './world.js';

/**
 * Every route of the OpenAPI document, fuzzed (issue 15): random and boundary path
 * parameters, query strings, JSON and multipart bodies and headers, as anonymous, as a
 * member and as an admin. No answer is a 5xx, every 4xx carries its code, and the server
 * is healthy afterwards.
 */

const BUILT_DOCUMENT = 'dist/openapi.json';
// The routes come from the running app's own document, so the tests are made after it starts.
const t = await createTestApp({ env: FUZZ_ENV });
const baseUrl = await t.listen();
const document = withBuiltSchemas((await t.http().get('/api/docs-json').expect(200)).body as OpenApiDocument);
const world = await seedWorld(t);
const arbitraries = new RequestArbitraries(document, world.pools, world.actors);

/** With FUZZ_STATS=1, each route's answers by status: how far the cases got (2xx: past validation). */
const statuses = new Map<string, Map<number, number>>();
function tally(route: string, status: number): void {
  const counts = statuses.get(route) ?? new Map<number, number>();
  counts.set(status, (counts.get(status) ?? 0) + 1);
  statuses.set(route, counts);
}

afterAll(async () => {
  if (process.env.FUZZ_STATS) {
    const lines = [...statuses].map(([route, counts]) => `${route}: ${[...counts].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ')}`);
    console.info(`answers by status\n${lines.join('\n')}`);
  }
  closeAgent();
  await t.close();
});

/**
 * The routes are the running app's; their schemas, where the build has them, the built
 * document's: `npm run build` (which `npm test` runs first) adds the fields of every DTO
 * through Nest's swagger plugin, which ts-jest does not run, so the app in a test serves
 * only the fields that carry a decorator of their own.
 */
function withBuiltSchemas(served: OpenApiDocument): OpenApiDocument {
  if (!existsSync(BUILT_DOCUMENT)) return served;
  const built = JSON.parse(readFileSync(BUILT_DOCUMENT, 'utf8')) as OpenApiDocument;
  const paths = Object.fromEntries(
    Object.entries(served.paths).map(([path, operations]) => [
      path,
      Object.fromEntries(Object.entries(operations).map(([method, operation]) => [method, built.paths[path]?.[method] ?? operation])),
    ]),
  );
  return { paths, components: { schemas: { ...served.components?.schemas, ...built.components?.schemas } } };
}

/** What is wrong with an answer, or undefined when it is one the contract allows. */
function fault(answer: RawAnswer, method: string): string | undefined {
  if (answer.status >= 500) return `answered ${answer.status}`;
  if (answer.status < 400) return undefined;
  const type = String(answer.headers['content-type'] ?? '');
  // An answer to HEAD has no body: its type says what the body would have been (the error JSON, or a page of GET's).
  if (method === 'HEAD') return /^(application\/json|text\/html)/.test(type) ? undefined : `answered HEAD with ${answer.status} as ${type || 'no type'}`;
  // The pages for a browser (the unsubscribe link) name their code in the page.
  if (type.startsWith('text/html')) return /data-code="[a-z0-9_.]+"/.test(answer.text) ? undefined : `answered ${answer.status} as HTML without a code`;
  if (!type.startsWith('application/json')) return `answered ${answer.status} as ${type || 'no type'}, not JSON`;
  let body: { code?: unknown; statusCode?: unknown };
  try {
    body = JSON.parse(answer.text) as typeof body;
  } catch {
    return `answered ${answer.status} with a body that is no JSON`;
  }
  if (!isCode(body.code)) return `answered ${answer.status} without a code`;
  if (body.statusCode !== answer.status) return `answered ${answer.status} with statusCode ${String(body.statusCode)}`;
  return undefined;
}

/** Routes that undo the world (deleting, leaving) go last, and deleting one's own account last of all. */
function order(route: Route): number {
  if (route.method === 'DELETE' && route.path === `${V1}/me`) return 2;
  return route.method === 'DELETE' || route.path.endsWith('/leave') ? 1 : 0;
}

const routes = routesOf(document)
  .filter((route) => !FUZZ_ONLY || FUZZ_ONLY.test(`${route.method} ${route.path}`))
  .sort((a, b) => order(a) - order(b));

announce('http');

describe('every route of the OpenAPI document, fuzzed', () => {
  it('reads the whole document', () => {
    expect(FUZZ_ONLY || routes.length > 80).toBeTruthy();
  });

  // Races: the same valid request three times at once (two joins, two registrations of one address, …);
  // before the routes one by one, whose last ones delete the actors' accounts.
  const keeping = routes.filter((route) => order(route) === 0);
  (keeping.length > 0 ? it : it.skip)(
    'the same valid request three times at once, to any route',
    async () => {
      const name = 'concurrent';
      const concurrent = fc.oneof(...keeping.map((route) => arbitraries.validRequest(route)));
      const property = fc.asyncProperty(concurrent, async ({ actor, raw }) => {
        const once = () =>
          send(baseUrl, raw).catch((error: Error) => {
            throw new Error(`no answer to ${actor}, one of three at once (${error.message}):\n${describeRequest(raw)}`);
          });
        const answers = await Promise.all([once(), once(), once()]);
        for (const answer of answers) {
          const problem = fault(answer, raw.method);
          if (problem) throw new Error(`${problem} to ${actor}, one of three at once:\n${describeRequest(raw)}\n--- answer ---\n${answer.text.slice(0, 1_000)}`);
        }
      });
      await fc.assert(property, { seed: seedOf(name), numRuns: FUZZ_RUNS * 4, reporter: shortReport });
    },
    deadlineMs(FUZZ_RUNS * 4),
  );

  it.each(routes.map((route) => ({ name: `${route.method} ${route.path}`, route })))(
    '$name',
    async ({ name, route }) => {
      const property = fc.asyncProperty(arbitraries.request(route), async ({ actor, raw }) => {
        const answer = await send(baseUrl, raw).catch((error: Error) => {
          throw new Error(`no answer to ${actor} (${error.message}):\n${describeRequest(raw)}`);
        });
        tally(name, answer.status);
        const problem = fault(answer, raw.method);
        if (problem) throw new Error(`${problem} to ${actor}:\n${describeRequest(raw)}\n--- answer ---\n${answer.text.slice(0, 1_000)}`);
      });
      await fc.assert(property, { seed: seedOf(name), numRuns: FUZZ_RUNS, reporter: shortReport });
    },
    deadlineMs(FUZZ_RUNS),
  );

  it('leaves the server healthy', async () => {
    const health = await t.http().get(`${V1}/health`);
    expect({ status: health.status, body: health.body.status }).toEqual({ status: 200, body: 'ok' });
  });
});
