import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ParsedMail, simpleParser } from 'mailparser';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { JobQueue } from '@kennisplein/core';
import { DigestsService, NotificationsQueue, periodOf } from '@kennisplein/notifications';
import { createGroup, createSite } from './support/community.js';
import { digestJobOf } from './support/digest-jobs.js';
import { expectError } from './support/errors.js';
import { countOwnQueries } from './support/query-counter.js';
import { registerUser, type TestUser } from './support/factories.js';
import { eventually, makeAdmin } from './support/kennisbank.js';
import { SmtpSink, VERIFICATION_MAIL } from './support/smtp-sink.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

let t: TestApp;
let smtp: SmtpSink;
let db: DataSource;
let digests: DigestsService;
let smtpUrl: string;

beforeAll(async () => {
  smtp = new SmtpSink({ ignoreSubjects: VERIFICATION_MAIL });
  t = await createTestApp({
    env: { SMTP_URL: (smtpUrl = await smtp.start()), WORKER_INLINE: 'true', PUBLIC_URL: 'https://kennisplein.example' },
  });
  db = t.app.get(DataSource);
  digests = t.app.get(DigestsService);
});
afterAll(async () => {
  await t.close();
  await smtp.stop();
});

const setSettings = (user: TestUser, settings: object) => t.http().patch(`${V1}/me/settings`).set(user.auth).send(settings).expect(200);

async function post(user: TestUser, groupId: string, title: string) {
  return (await t.http().post(`${V1}/groups/${groupId}/threads`).set(user.auth).send({ title, body: `Over ${title}` }).expect(201)).body;
}

/** The reader's digest of this period, once its job has run (sent, empty, failed or skipped). */
async function deliveryOf(user: TestUser, period: string) {
  return eventually(
    async () => (await db.query<{ status: string; items: number }[]>(`SELECT status, items FROM digest_deliveries WHERE user_id = $1 AND period = $2`, [user.id, period]))[0],
    (row) => row !== undefined && row.status !== 'sending',
    300,
  );
}

/** A reader in a group where something happened, and the things that must stay out of their digest. */
async function scene() {
  const reader = await registerUser(t, { displayName: 'Rosa Reader' });
  const writer = await registerUser(t, { displayName: 'Wim Writer' });
  const mine = await createGroup(t, writer, { visibility: 'public', membership: 'open', name: `Mijn groep ${reader.id.slice(0, 6)}` });
  const other = await createGroup(t, writer, { visibility: 'public', membership: 'open', name: 'Andere groep' });
  const closed = await createGroup(t, writer, { visibility: 'members', membership: 'invite', name: 'Besloten groep' });
  await t.http().post(`${V1}/groups/${mine.id}/join`).set(reader.auth).expect(200);
  const seen = await post(writer, mine.id, 'Lesmateriaal delen');
  await post(writer, other.id, 'Niet voor jou');
  await post(writer, closed.id, 'Geheim overleg');
  await post(reader, mine.id, 'Mijn eigen bericht');
  return { reader, writer, mine, seen };
}

const header = (mail: ParsedMail, name: string) =>
  mail.headerLines.find((line) => line.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, '');
/** The api's one-click unsubscribe URL of a digest (its List-Unsubscribe header), as a path. */
const oneClickPath = (mail: ParsedMail) => {
  const url = new URL(/^<(.+)>$/.exec(header(mail, 'list-unsubscribe') ?? '')![1]);
  return `${url.pathname}${url.search}`;
};
const linksIn = (mail: ParsedMail) => [...(mail.text ?? '').matchAll(/https:\/\/kennisplein\.example\S+/g)].map((match) => match[0]);

describe('the weekly digest', () => {
  it("tells a member the week's activity of their groups, grouped by group, in Dutch, with a one-click unsubscribe", async () => {
    const { reader, mine, seen } = await scene();
    const period = periodOf('weekly', new Date(), 'Europe/Amsterdam');
    expect(await digests.send(reader.id, period, 'weekly')).toBe('sent');
    const mail = await smtp.messageTo(reader.email);
    expect(mail.subject).toBe('Je week op Kennisplein');
    expect(mail.text).toContain(`== ${mine.name} ==`);
    expect(mail.text).toContain('Wim Writer schreef een bericht: ');
    expect(mail.text).toContain(`https://kennisplein.example/threads/${seen.id}#1`);
    expect(mail.html).toContain(`<h2 style="font-size:18px">${mine.name}</h2>`);
    for (const absent of ['Niet voor jou', 'Andere groep', 'Geheim', 'Besloten', 'Mijn eigen bericht']) {
      expect(mail.text).not.toContain(absent);
      expect(mail.html).not.toContain(absent);
    }
    // The body links to the web client's confirmation page; List-Unsubscribe is the api's one-click URL (RFC 8058), same token.
    const unsubscribe = new URL(linksIn(mail).find((link) => link.includes('/digests/unsubscribe'))!);
    expect(unsubscribe.pathname).toBe('/digests/unsubscribe');
    expect(mail.html).toContain(`href="${unsubscribe.href.replace(/&/g, '&amp;')}"`);
    expect(header(mail, 'list-unsubscribe')).toBe(`<https://kennisplein.example/api/v1/digests/unsubscribe${unsubscribe.search}>`);
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(linksIn(mail)).toContain('https://kennisplein.example/settings');
  });

  it('is written in English for a reader who chose English', async () => {
    const { reader } = await scene();
    await setSettings(reader, { locale: 'en' });
    await digests.send(reader.id, periodOf('weekly', new Date(), 'Europe/Amsterdam'), 'weekly');
    const mail = await smtp.messageTo(reader.email);
    expect(mail.subject).toBe('Your week on Kennisplein');
    expect(mail.text).toContain('Wim Writer posted a message');
  });

  it('tells site admins who waits to be let into their deelsite, and the person let in that they were, each for them alone', async () => {
    const admin = await registerUser(t, { displayName: 'Sanne Site-admin' });
    const member = await registerUser(t, { displayName: 'Mark Member' });
    const invitee = await registerUser(t, { displayName: 'Olaf Outsider' });
    await setSettings(invitee, { locale: 'en' });
    const site = await createSite(t, admin, { name: 'Congres HAN', visibility: 'members', membership: 'invite' });
    await t.http().post(`${V1}/sites/${site.slug}/members`).set(admin.auth).send({ userId: member.id, role: 'member' }).expect(201);
    const group = await createGroup(t, member, { site: site.slug, name: 'Werkgroep van Mark', visibility: 'members', membership: 'invite' });
    const invite = await t.http().post(`${V1}/groups/${group.id}/invites`).set(member.auth).send({ email: invitee.email }).expect(201);
    await t.http().post(`${V1}/invites/${invite.body.token}/accept`).set(invitee.auth).expect(202);
    const period = periodOf('weekly', new Date(), 'Europe/Amsterdam');

    expect(await digests.send(admin.id, period, 'weekly')).toBe('sent');
    const told = await smtp.messageTo(admin.email);
    expect(told.text).toContain('== Voor jou ==\n- Olaf Outsider wacht op toelating tot de deelsite: Congres HAN');
    expect(linksIn(told)).toContain(`https://kennisplein.example/s/${site.slug}/settings#site-requests`);
    // The owner of the group it was for decides nothing here: the request is not theirs to hear of.
    expect(await digests.send(member.id, period, 'weekly')).toBe('empty');

    await t.http().post(`${V1}/sites/${site.slug}/requests/${invitee.id}/approve`).set(admin.auth).expect(200);
    expect(await digests.send(invitee.id, period, 'weekly')).toBe('sent');
    // The invitation came by mail too: the digest is the mail with the digest's subject.
    const admitted = await eventually(
      () => Promise.resolve(smtp.messagesTo(invitee.email).find((mail) => mail.subject === 'Your week on Kennisplein')),
      (found) => found !== undefined,
    );
    if (!admitted) throw new Error('no digest reached the person let in');
    expect(admitted.text).toContain('== For you ==\n- Sanne Site-admin let you into the deelsite: Congres HAN');
    expect(linksIn(admitted)).toContain(`https://kennisplein.example/groups/${group.id}`);
  });

  it('tells a group what the bell tells it: requests to its managers, invitations to the invitee, neither to the other members', async () => {
    const owner = await registerUser(t, { displayName: 'Otto Owner' });
    const member = await registerUser(t, { displayName: 'Mila Member' });
    const asker = await registerUser(t, { displayName: 'Aart Asker' });
    const invitee = await registerUser(t, { displayName: 'Ine Invitee' });
    const group = await createGroup(t, owner, { visibility: 'public', membership: 'request', name: `Aanvraaggroep ${owner.id.slice(0, 6)}` });
    await t.http().post(`${V1}/groups/${group.id}/join`).set(member.auth).expect(202);
    await t.http().post(`${V1}/groups/${group.id}/requests/${member.id}/approve`).set(owner.auth).expect(200);
    await t.http().post(`${V1}/groups/${group.id}/join`).set(asker.auth).expect(202);
    await t.http().post(`${V1}/groups/${group.id}/invites`).set(owner.auth).send({ email: invitee.email }).expect(201);
    await post(owner, group.id, 'Welkom allemaal');
    const period = periodOf('weekly', new Date(), 'Europe/Amsterdam');

    expect(await digests.send(member.id, period, 'weekly')).toBe('sent');
    const memberMail = await smtp.messageTo(member.email);
    expect(memberMail.text).toContain('Otto Owner schreef een bericht');
    expect(memberMail.text).not.toContain('Aart Asker');
    expect(memberMail.text).not.toContain('nodigde je uit');

    expect(await digests.send(owner.id, period, 'weekly')).toBe('sent');
    const ownerMail = await smtp.messageTo(owner.email);
    expect(ownerMail.text).toContain('Aart Asker vroeg om lid te worden');
  });

  it('goes out once when the same period runs twice', async () => {
    const { reader } = await scene();
    const period = periodOf('weekly', new Date(), 'Europe/Amsterdam');
    const [first, second] = await Promise.all([digests.send(reader.id, period, 'weekly'), digests.send(reader.id, period, 'weekly')]);
    expect([first, second].sort()).toEqual(['already', 'sent']);
    expect(await digests.send(reader.id, period, 'weekly')).toBe('already');
    await smtp.messageTo(reader.email);
    expect(smtp.messagesTo(reader.email)).toHaveLength(1);
  });

  it('reaches a server that refuses the first two attempts exactly once (the job retries with backoff)', async () => {
    const { reader } = await scene();
    const period = periodOf('weekly', new Date(), 'Europe/Amsterdam');
    smtp.refuseNext = 2;
    const refusedBefore = smtp.refused;
    await t.app.get(JobQueue).queue(NotificationsQueue.Digests).add('notifications.send-digest', { userId: reader.id, period, frequency: 'weekly' }, {
      jobId: `${period}:${reader.id}`,
      attempts: 5,
      backoff: { type: 'fixed', delay: 200 },
    });
    await smtp.messageTo(reader.email, 20_000);
    expect(smtp.refused - refusedBefore).toBe(2);
    expect((await deliveryOf(reader, period)).status).toBe('sent');
    expect(smtp.messagesTo(reader.email)).toHaveLength(1);
  });

  it('leaves muted groups out: nothing to tell, no mail', async () => {
    const { reader, mine } = await scene();
    await t.http().put(`${V1}/groups/${mine.id}/mute`).set(reader.auth).expect(204);
    expect(await digests.send(reader.id, periodOf('weekly', new Date(), 'Europe/Amsterdam'), 'weekly')).toBe('empty');
    expect(smtp.messagesTo(reader.email)).toHaveLength(0);
  });

  it('does nothing for a reader deleted meanwhile', async () => {
    const { reader } = await scene();
    await t.http().delete(`${V1}/me`).set(reader.auth).expect(204);
    expect(await digests.send(reader.id, periodOf('weekly', new Date(), 'Europe/Amsterdam'), 'weekly')).toBe('skipped');
    expect(smtp.messagesTo(reader.email)).toHaveLength(0);
  });
});

describe('a batch of readers (one job)', () => {
  it('gives each reader their own digest, and treats muted groups, languages, deleted readers and other frequencies as a job of one does', async () => {
    const dutch = await scene();
    const english = await scene();
    await setSettings(english.reader, { locale: 'en' });
    const muting = await scene();
    await t.http().put(`${V1}/groups/${muting.mine.id}/mute`).set(muting.reader.auth).expect(204);
    const deleted = await scene();
    await t.http().delete(`${V1}/me`).set(deleted.reader.auth).expect(204);
    const daily = await scene();
    await setSettings(daily.reader, { digestFrequency: 'daily' });
    const period = periodOf('weekly', new Date(), 'Europe/Amsterdam');
    const batch = [dutch, english, muting, deleted, daily].map(({ reader }) => reader.id);

    const outcomes = await digests.sendBatch(batch, period, 'weekly');
    expect(Object.fromEntries(outcomes)).toEqual({
      [dutch.reader.id]: 'sent',
      [english.reader.id]: 'sent',
      [muting.reader.id]: 'empty',
      [deleted.reader.id]: 'skipped',
      [daily.reader.id]: 'skipped',
    });
    const toDutch = await smtp.messageTo(dutch.reader.email);
    expect(toDutch.subject).toBe('Je week op Kennisplein');
    expect(toDutch.text).toContain(`== ${dutch.mine.name} ==`);
    expect(toDutch.text).toContain(`https://kennisplein.example/threads/${dutch.seen.id}#1`);
    expect(toDutch.text).not.toContain(english.mine.name);
    const toEnglish = await smtp.messageTo(english.reader.email);
    expect(toEnglish.subject).toBe('Your week on Kennisplein');
    expect(toEnglish.text).toContain(`== ${english.mine.name} ==`);
    expect(toEnglish.text).not.toContain(dutch.mine.name);
    for (const { reader } of [muting, deleted, daily]) expect(smtp.messagesTo(reader.email)).toHaveLength(0);

    // The same batch again: nothing goes out twice.
    const again = await digests.sendBatch(batch, period, 'weekly');
    expect([...again.values()].sort()).toEqual(['already', 'already', 'already', 'skipped', 'skipped']);
    expect(smtp.messagesTo(dutch.reader.email)).toHaveLength(1);
    expect(smtp.messagesTo(english.reader.email)).toHaveLength(1);
  });

  it('reads a batch of any size in the same number of queries (nothing per reader but the mark of a mail that went out)', async () => {
    // An app that runs no jobs (and only the batch's own queries are counted).
    const quietApp = await createTestApp({ env: { SMTP_URL: smtpUrl } });
    try {
      // Readers with nothing to tell (in a group of their own, where only they did something): no mail, no mark of one.
      const quiet = async (n: number) => {
        const ids: string[] = [];
        for (let i = 0; i < n; i++) {
          const reader = await registerUser(quietApp);
          await createGroup(quietApp, reader, { visibility: 'public', membership: 'open', name: `Eigen groep ${reader.id.slice(0, 6)}` });
          ids.push(reader.id);
        }
        return ids;
      };
      const [small, large] = [await quiet(2), await quiet(8)];
      const queriesOf = async (batch: string[]) => {
        let outcomes = new Map<string, string>();
        const queries = await countOwnQueries(quietApp.app.get(DataSource), async () => (outcomes = await quietApp.app.get(DigestsService).sendBatch(batch, '2033-W10', 'weekly')));
        expect([...outcomes.values()]).toEqual(batch.map(() => 'empty'));
        return queries;
      };
      expect(await queriesOf(large)).toBe(await queriesOf(small));
    } finally {
      await quietApp.close();
    }
  });
});

describe('exact windows (a watermark by transaction, not by time)', () => {
  it("leaves out an activity whose transaction is open across a run, tells it once in the next, and includes what committed just before", async () => {
    const { reader, writer, mine } = await scene();
    // A transaction that writes an activity in the reader's group and stays open (a long import, say).
    const held = db.createQueryRunner();
    await held.connect();
    await held.startTransaction();
    try {
      await held.query(
        `INSERT INTO activities (verb, actor_id, group_id, object_type, object_id, snapshot)
         VALUES ('message.posted', $1, $2, 'thread', gen_random_uuid(), $3)`,
        [writer.id, mine.id, JSON.stringify({ title: 'Het lange verhaal', link: '/threads/lang' })],
      );
      // Committed after the open one began, right before the run.
      await post(writer, mine.id, 'Net op tijd');
      const runs = ['2031-01-06', '2031-01-07', '2031-01-08'];
      await setSettings(reader, { digestFrequency: 'daily' });
      expect(await digests.send(reader.id, runs[0], 'daily')).toBe('sent');
      const first = (await smtp.messageTo(reader.email)).text ?? '';
      expect(first).toContain('Net op tijd');
      expect(first).toContain('Lesmateriaal delen');
      expect(first).not.toContain('Het lange verhaal');
      await held.commitTransaction();
      expect(await digests.send(reader.id, runs[1], 'daily')).toBe('sent');
      await eventually(() => Promise.resolve(smtp.messagesTo(reader.email).length), (n) => n === 2);
      const second = smtp.messagesTo(reader.email)[1].text ?? '';
      expect(second).toContain('Het lange verhaal');
      expect(second).not.toContain('Net op tijd');
      expect(second).not.toContain('Lesmateriaal delen');
      // Told once: the run after that has nothing left to tell.
      expect(await digests.send(reader.id, runs[2], 'daily')).toBe('empty');
      expect(smtp.messagesTo(reader.email)).toHaveLength(2);
    } finally {
      if (held.isTransactionActive) await held.rollbackTransaction();
      await held.release();
    }
  });

  it('tells the same window again when a send failed (a retry), and hands it back when it failed for good', async () => {
    const { reader, writer, mine } = await scene();
    const period = periodOf('weekly', new Date(), 'Europe/Amsterdam');
    smtp.refuseNext = 1;
    await expect(digests.send(reader.id, period, 'weekly')).rejects.toThrow();
    // Something new between the attempts belongs to the next digest, not to the retry.
    await post(writer, mine.id, 'Na de eerste poging');
    expect(await digests.send(reader.id, period, 'weekly')).toBe('sent');
    const retried = (await smtp.messageTo(reader.email)).text ?? '';
    expect(retried).toContain('Lesmateriaal delen');
    expect(retried).not.toContain('Na de eerste poging');
    // A digest that fails on its last attempt: the next one tells what it could not.
    smtp.refuseNext = 1;
    await expect(digests.send(reader.id, '2031-W02', 'weekly', { attempt: 1, attempts: 1, scheduledAt: new Date() })).rejects.toThrow();
    expect(await digests.send(reader.id, '2031-W03', 'weekly')).toBe('sent');
    await eventually(() => Promise.resolve(smtp.messagesTo(reader.email).length), (n) => n === 2);
    expect(smtp.messagesTo(reader.email)[1].text).toContain('Na de eerste poging');
  });
});

describe('without SMTP_URL', () => {
  it('writes the digest to MAIL_DIR as an .eml file a mail program opens', async () => {
    const mailDir = mkdtempSync(join(tmpdir(), 'kp-mail-'));
    const local = await createTestApp({ env: { MAIL_DIR: mailDir } });
    try {
      const reader = await registerUser(local);
      const writer = await registerUser(local, { displayName: 'Wim Writer' });
      const group = await createGroup(local, writer, { visibility: 'public', membership: 'open' });
      await local.http().post(`${V1}/groups/${group.id}/join`).set(reader.auth).expect(200);
      await local.http().post(`${V1}/groups/${group.id}/threads`).set(writer.auth).send({ title: 'Nieuws', body: 'Iets' }).expect(201);
      expect(await local.app.get(DigestsService).send(reader.id, periodOf('weekly', new Date(), 'Europe/Amsterdam'), 'weekly')).toBe('sent');
      const files = readdirSync(mailDir).filter((name) => name.endsWith('.eml'));
      expect(files).toHaveLength(1);
      const mail = await simpleParser(readFileSync(join(mailDir, files[0])));
      expect(mail.subject).toBe('Je week op Kennisplein');
      expect(JSON.stringify(mail.to)).toContain(reader.email);
      expect(mail.text).toContain('Wim Writer schreef een bericht');
      expect(mail.headerLines.some((line) => line.key === 'list-unsubscribe-post')).toBe(true);
    } finally {
      await local.close();
    }
  });
});

describe('unsubscribing', () => {
  it('shows a confirmation page on GET (changing nothing) and unsubscribes with one POST', async () => {
    const { reader } = await scene();
    await digests.send(reader.id, periodOf('weekly', new Date(), 'Europe/Amsterdam'), 'weekly');
    const path = oneClickPath(await smtp.messageTo(reader.email));
    const page = await t.http().get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form method="post"');
    expect((await t.http().get(`${V1}/me/settings`).set(reader.auth)).body.digestFrequency).toBe('weekly');
    const oneClick = await t.http().post(path).type('form').send('List-Unsubscribe=One-Click');
    expect(oneClick.status).toBe(200);
    expect((await t.http().get(`${V1}/me/settings`).set(reader.auth)).body.digestFrequency).toBe('never');
    // A page for the browser, in both languages, with its code beside the text.
    for (const invalid of [t.http().post(`${V1}/digests/unsubscribe?token=${reader.id}.forged`), t.http().get(`${V1}/digests/unsubscribe?token=nonsense`)]) {
      const answer = await invalid;
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('<h1 data-code="digest.unsubscribe_link_invalid">Deze afmeldlink is ongeldig / This unsubscribe link is not valid</h1>');
    }
  });

  it("answers JSON to a client that asks for it (the web client's confirmation page), with the coded error for a bad link", async () => {
    const { reader } = await scene();
    await digests.send(reader.id, periodOf('weekly', new Date(), 'Europe/Amsterdam'), 'weekly');
    const path = oneClickPath(await smtp.messageTo(reader.email));
    const answer = await t.http().post(path).set('accept', 'application/json');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ digestFrequency: 'never' });
    expect((await t.http().get(`${V1}/me/settings`).set(reader.auth)).body.digestFrequency).toBe('never');
    const forged = await t.http().post(`${V1}/digests/unsubscribe?token=${reader.id}.forged`).set('accept', 'application/json').set('accept-language', 'en');
    expectError(forged, 400, 'digest.unsubscribe_link_invalid');
    expect(forged.body.message).toBe('This unsubscribe link is not valid');
  });
});

describe('unsubscribe tokens', () => {
  const frequencyOf = async (user: TestUser) => (await t.http().get(`${V1}/me/settings`).set(user.auth)).body.digestFrequency as string;
  const invalid = (answer: { status: number; text: string }) => {
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('data-code="digest.unsubscribe_link_invalid"');
  };

  it('refuse anything but the exact token: no trailing text, nothing before it', async () => {
    const { reader } = await scene();
    await digests.send(reader.id, periodOf('weekly', new Date(), 'Europe/Amsterdam'), 'weekly');
    const path = oneClickPath(await smtp.messageTo(reader.email));
    const token = new URL(path, 'https://kennisplein.example').searchParams.get('token')!;
    for (const altered of [`${token}.extra`, `${token}x`, `${token} `, `${token}\n`, ` ${token}`, `x${token}`, token.split('.').slice(0, 2).join('.')]) {
      const query = `token=${encodeURIComponent(altered)}`;
      invalid(await t.http().get(`${V1}/digests/unsubscribe?${query}`));
      invalid(await t.http().post(`${V1}/digests/unsubscribe?${query}`).type('form').send('List-Unsubscribe=One-Click'));
    }
    expect(await frequencyOf(reader)).toBe('weekly');
    expect((await t.http().post(path).type('form').send('List-Unsubscribe=One-Click')).status).toBe(200);
    expect(await frequencyOf(reader)).toBe('never');
  });

  it('stop working once the reader subscribes again; the new digest carries a token that works', async () => {
    const { reader, writer, mine } = await scene();
    await digests.send(reader.id, '2032-W01', 'weekly');
    const oldPath = oneClickPath(await smtp.messageTo(reader.email));
    expect((await t.http().post(oldPath).type('form').send('List-Unsubscribe=One-Click')).status).toBe(200);
    expect(await frequencyOf(reader)).toBe('never');
    await setSettings(reader, { digestFrequency: 'weekly' });
    // The old digest's link neither shows its page nor ends the new subscription.
    invalid(await t.http().get(oldPath));
    invalid(await t.http().post(oldPath).type('form').send('List-Unsubscribe=One-Click'));
    expect(await frequencyOf(reader)).toBe('weekly');
    // A change of frequency is no new subscription: the new digest's link keeps working.
    await setSettings(reader, { digestFrequency: 'daily' });
    await setSettings(reader, { digestFrequency: 'weekly' });
    await post(writer, mine.id, 'Nieuw na het terugkomen');
    expect(await digests.send(reader.id, '2032-W02', 'weekly')).toBe('sent');
    await eventually(() => Promise.resolve(smtp.messagesTo(reader.email).length), (n) => n === 2);
    const newPath = oneClickPath(smtp.messagesTo(reader.email)[1]);
    expect(newPath).not.toBe(oldPath);
    expect((await t.http().get(newPath)).status).toBe(200);
    expect((await t.http().post(newPath).type('form').send('List-Unsubscribe=One-Click')).status).toBe(200);
    expect(await frequencyOf(reader)).toBe('never');
  });
});

describe('the hourly run', () => {
  it('at 06:00 UTC on a Monday in winter enqueues the Amsterdam readers and not the Jakarta ones, once per period', async () => {
    const amsterdam = await registerUser(t);
    const jakarta = await registerUser(t);
    await setSettings(jakarta, { timezone: 'Asia/Jakarta' });
    const monday = new Date('2030-11-25T06:00:00Z');
    const enqueued = await digests.runHour(monday);
    expect(enqueued['2030-W48']).toBeGreaterThanOrEqual(1);
    const batch = await digestJobOf(t, '2030-W48', amsterdam.id);
    expect(batch).not.toBeNull();
    expect(await digestJobOf(t, '2030-W48', jakarta.id)).toBeNull();
    // The same readers of the same period again: the same jobs (their ids), not a second of each.
    const queue = t.app.get(JobQueue).queue(NotificationsQueue.Digests);
    const periodJobs = async () =>
      (await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).filter((job) => String(job?.id).startsWith('2030-W48:')).length;
    const jobsBefore = await periodJobs();
    await digests.runHour(monday);
    expect(await periodJobs()).toBe(jobsBefore);
    // Jakarta's 07:00 that Monday was at 00:00 UTC.
    await digests.runHour(new Date('2030-11-25T00:00:00Z'));
    expect(await digestJobOf(t, '2030-W48', jakarta.id)).not.toBeNull();
  });

  it('after hours without a run, also serves the hours it missed', async () => {
    const amsterdam = await registerUser(t);
    const jakarta = await registerUser(t);
    await setSettings(jakarta, { timezone: 'Asia/Jakarta' });
    // The last run served 22:00 UTC on Sunday; the next one runs for 06:00 UTC on Monday.
    await db.query(`INSERT INTO digest_clock (id, last_hour) VALUES (true, $1) ON CONFLICT (id) DO UPDATE SET last_hour = $1`, [
      new Date('2031-11-23T22:00:00Z'),
    ]);
    await digests.runScheduled(new Date('2031-11-24T06:00:00Z'));
    expect(await digestJobOf(t, '2031-W48', amsterdam.id)).not.toBeNull();
    expect(await digestJobOf(t, '2031-W48', jakarta.id)).not.toBeNull();
    const [clock] = await db.query<{ last_hour: Date }[]>(`SELECT last_hour FROM digest_clock`);
    expect(clock.last_hour.toISOString()).toBe('2031-11-24T06:00:00.000Z');
  });

  it('lets admins run a frequency now and read the report per period', async () => {
    const admin = await makeAdmin(t, await registerUser(t));
    const { reader } = await scene();
    await setSettings(reader, { digestFrequency: 'daily' });
    const other = await registerUser(t);
    expectError(await t.http().post(`${V1}/admin/digests/run`).set(other.auth).send({ frequency: 'daily' }), 403, 'access.platform_admins_only');
    expectError(await t.http().post(`${V1}/admin/digests/run`).set(admin.auth).send({ frequency: 'hourly' }), 400, 'validation.failed');
    const run = await t.http().post(`${V1}/admin/digests/run`).set(admin.auth).send({ frequency: 'daily' });
    expect(run.status).toBe(202);
    expect(run.body).toMatchObject({ period: periodOf('daily', new Date(), 'Europe/Amsterdam'), enqueued: expect.any(Number) });
    expect(run.body.enqueued).toBeGreaterThanOrEqual(1);
    expect((await deliveryOf(reader, run.body.period as string)).status).toBe('sent');
    const report = await t.http().get(`${V1}/admin/digests/runs?period=${run.body.period}`).set(admin.auth);
    expect(report.body[0]).toMatchObject({ period: run.body.period, frequency: 'daily' });
    expect(report.body[0].sent).toBeGreaterThanOrEqual(1);
    expectError(await t.http().get(`${V1}/admin/digests/runs`).set(other.auth), 403, 'access.platform_admins_only');
  });
});
