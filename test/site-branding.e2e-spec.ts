import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createSite } from './support/community.js';
import { expectError } from './support/errors.js';
import { registerUser, type TestUser } from './support/factories.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"><script>alert(2)</script><rect width="10" height="10" fill="#01689b"/></svg>',
);

let t: TestApp;
let admin: TestUser;
let member: TestUser;
let outsider: TestUser;
let site: { id: string; slug: string };
let hidden: { id: string; slug: string };
beforeAll(async () => {
  t = await createTestApp();
  admin = await registerUser(t, { displayName: 'Sita Admin' });
  member = await registerUser(t, { displayName: 'Mo Member' });
  outsider = await registerUser(t, { displayName: 'Otto Outsider' });
  site = await createSite(t, admin, { membership: 'open' });
  hidden = await createSite(t, admin, { visibility: 'members' });
  await t.http().post(`${V1}/sites/${site.slug}/join`).set(member.auth).expect(200);
});
afterAll(() => t.close());

describe('a deelsite’s look', () => {
  it('refuses a colour whose text contrast is under 4.5:1, naming the pair and its ratio', async () => {
    const primary = await t.http().patch(`${V1}/sites/${site.slug}`).set(admin.auth).set('accept-language', 'en').send({ primaryColor: '#7FB2E5' });
    expectError(primary, 400, 'site.low_contrast');
    expect(primary.body.message).toBe('primaryColor #7fb2e5 with #ffffff text: 2.2:1 (needs 4.5:1)');

    const accent = await t.http().patch(`${V1}/sites/${site.slug}`).set(admin.auth).set('accept-language', 'nl').send({ accentColor: '#333333' });
    expectError(accent, 400, 'site.low_contrast');
    expect(accent.body.message).toMatch(/^accentColor #333333 met tekst in #001a40: 1\.\d:1/);

    const unchanged = await t.http().get(`${V1}/sites/${site.slug}`).set(admin.auth).expect(200);
    expect(unchanged.body).toMatchObject({ primaryColor: null, accentColor: null });
  });

  it('refuses what is no #rrggbb colour', async () => {
    const response = await t.http().patch(`${V1}/sites/${site.slug}`).set(admin.auth).send({ primaryColor: 'blue' });
    expect(response.status).toBe(400);
  });

  it('keeps a readable pair, the description and the logo’s alt text, in the site and the list', async () => {
    const response = await t
      .http()
      .patch(`${V1}/sites/${site.slug}`)
      .set(admin.auth)
      .send({ name: 'NIOC 2027 Arnhem', description: 'Het congres over onderwijs en ICT', primaryColor: '#01689B', accentColor: '#ffd966', logoAlt: 'NIOC-logo' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      name: 'NIOC 2027 Arnhem',
      description: 'Het congres over onderwijs en ICT',
      primaryColor: '#01689b',
      accentColor: '#ffd966',
      logoAlt: 'NIOC-logo',
      logoUrl: null,
    });
    const list = await t.http().get(`${V1}/sites`).query({ q: site.slug }).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ slug: site.slug, primaryColor: '#01689b', accentColor: '#ffd966' })]);

    const cleared = await t.http().patch(`${V1}/sites/${site.slug}`).set(admin.auth).send({ accentColor: null });
    expect(cleared.body).toMatchObject({ primaryColor: '#01689b', accentColor: null });
  });

  it('lets only site admins change it (403), and hides a members-only site from others (404)', async () => {
    expectError(await t.http().patch(`${V1}/sites/${site.slug}`).set(member.auth).send({ name: 'Mijn site' }), 403, 'site.admins_only');
    expectError(await t.http().patch(`${V1}/sites/${hidden.slug}`).set(outsider.auth).send({ name: 'Mijn site' }), 404, 'site.not_found');
    expectError(await t.http().put(`${V1}/sites/${site.slug}/logo`).set(member.auth).attach('file', PNG, 'logo.png'), 403, 'site.admins_only');
    expectError(await t.http().put(`${V1}/sites/${hidden.slug}/logo`).set(outsider.auth).attach('file', PNG, 'logo.png'), 404, 'site.not_found');
  });
});

describe('a deelsite’s logo', () => {
  it('is uploaded by a site admin and served with its type, nosniff and a long cache for its versioned URL', async () => {
    const upload = await t.http().put(`${V1}/sites/${site.slug}/logo`).set(admin.auth).attach('file', PNG, 'logo.png');
    expect(upload.status).toBe(200);
    expect(upload.body.logoUrl).toMatch(new RegExp(`^/api/v1/sites/${site.slug}/logo\\?v=[0-9a-f]{16}$`));

    const served = await t.http().get(upload.body.logoUrl).buffer(true).expect(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(served.headers['cache-control']).toContain('immutable');
    expect(Buffer.compare(served.body as Buffer, PNG)).toBe(0);

    const unversioned = await t.http().get(`${V1}/sites/${site.slug}/logo`).expect(200);
    expect(unversioned.headers['cache-control']).toContain('no-cache');
    const detail = await t.http().get(`${V1}/sites/${site.slug}`).expect(200);
    expect(detail.body.logoUrl).toBe(upload.body.logoUrl);
  });

  it('of a members-only site is hidden from others (404)', async () => {
    await t.http().put(`${V1}/sites/${hidden.slug}/logo`).set(admin.auth).attach('file', PNG, 'logo.png').expect(200);
    expectError(await t.http().get(`${V1}/sites/${hidden.slug}/logo`).set(outsider.auth), 404, 'site.not_found');
    await t.http().get(`${V1}/sites/${hidden.slug}/logo`).set(admin.auth).expect(200);
  });

  it('keeps an SVG only sanitized, and serves it as SVG with a CSP that forbids everything', async () => {
    const upload = await t.http().put(`${V1}/sites/${site.slug}/logo`).set(admin.auth).attach('file', SVG, 'logo.svg');
    expect(upload.status).toBe(200);
    const served = await t.http().get(upload.body.logoUrl).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => done(null, text));
    });
    expect(served.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(served.body).toContain('<rect width="10" height="10" fill="#01689b">');
    expect(served.body).not.toMatch(/script|onload|alert/);
  });

  it('refuses what is not a PNG, JPEG, WebP or SVG image by its bytes (415)', async () => {
    expectError(
      await t.http().put(`${V1}/sites/${site.slug}/logo`).set(admin.auth).attach('file', Buffer.from('not an image at all'), 'logo.png'),
      415,
      'site.logo_type',
    );
  });

  it('refuses one over 1 MiB (413) and a body without a file (400)', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024 + 1)]);
    expectError(await t.http().put(`${V1}/sites/${site.slug}/logo`).set(admin.auth).attach('file', big, 'logo.png'), 413, 'site.logo_too_large');
    expectError(await t.http().put(`${V1}/sites/${site.slug}/logo`).set(admin.auth).send({}), 400, 'site.logo_missing');
  });
});
