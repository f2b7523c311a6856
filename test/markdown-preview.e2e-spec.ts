import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { registerUser, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

// The composer's preview tab: the server's own rendering of a body, stored nowhere.
let t: TestApp;
let writer: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  writer = await registerUser(t);
});
afterAll(() => t.close());

describe('POST /markdown/preview', () => {
  it('renders and sanitizes a body as a posted message would be', async () => {
    const response = await t
      .http()
      .post(`${V1}/markdown/preview`)
      .set(writer.auth)
      .send({ body: '**Goed** idee <script>alert(1)</script>\n\n[klik](javascript:alert(1))' });
    expect(response.status).toBe(200);
    expect(response.body.html).toContain('<strong>Goed</strong> idee');
    expect(response.body.html).not.toMatch(/<script|href="javascript/i);
  });

  it('answers an empty body with empty html', async () => {
    const response = await t.http().post(`${V1}/markdown/preview`).set(writer.auth).send({ body: '' });
    expect(response).toMatchObject({ status: 200, body: { html: '' } });
  });

  it('is for logged-in writers, and refuses what is no body', async () => {
    expect((await t.http().post(`${V1}/markdown/preview`).send({ body: 'hallo' })).status).toBe(401);
    const unknown = await t.http().post(`${V1}/markdown/preview`).set(writer.auth).send({ body: 'hallo', extra: 1 });
    expect(unknown.body).toMatchObject({ statusCode: 400, code: 'validation.failed' });
    const long = await t.http().post(`${V1}/markdown/preview`).set(writer.auth).send({ body: 'x'.repeat(100_001) });
    expect(long.body).toMatchObject({ statusCode: 400, code: 'validation.failed' });
  });
});
