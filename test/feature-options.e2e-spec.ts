import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { type ByteRange, FileStorage, ObjectTooLarge, type StoredObject } from '@kennisplein/content';
import { createGroup } from './support/community.js';
import { registerUser, type TestUser, uniqueEmail } from './support/factories.js';
import { createTestApp, type TestApp, V1 } from './support/test-app.js';

/** A store an importer gives ContentModule.forRoot instead of the local disk. */
class MemoryStorage extends FileStorage {
  readonly objects = new Map<string, Buffer>();

  async write(key: string, source: Readable, maxBytes: number): Promise<StoredObject> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of source) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw new ObjectTooLarge(`more than ${maxBytes} bytes`);
      chunks.push(chunk as Buffer);
    }
    const bytes = Buffer.concat(chunks);
    this.objects.set(key, bytes);
    return { size, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  read(key: string, range?: ByteRange): Readable {
    const bytes = this.objects.get(key) ?? Buffer.alloc(0);
    return Readable.from([range ? bytes.subarray(range.start, range.end + 1) : bytes]);
  }

  remove(key: string): Promise<void> {
    this.objects.delete(key);
    return Promise.resolve();
  }
}

const DAY_MS = 86_400_000;
const storage = new MemoryStorage();
let t: TestApp;
let owner: TestUser;
let groupId: string;

beforeAll(async () => {
  t = await createTestApp({
    features: {
      content: { storage, config: { FILES_MAX_BYTES: 64 } },
      community: { config: { INVITE_TTL_DAYS: 3 } },
    },
  });
  owner = await registerUser(t);
  groupId = (await createGroup(t, owner, { visibility: 'public', membership: 'open' })).id;
});
afterAll(() => t.close());

describe('feature modules given options', () => {
  it('keeps an upload in the FileStorage given to ContentModule, and serves it from there', async () => {
    const uploaded = await t.http().post(`${V1}/groups/${groupId}/files`).set(owner.auth).attach('file', Buffer.from('in het geheugen'), 'notes.txt');
    expect(uploaded.status).toBe(201);
    expect([...storage.objects.values()].map(String)).toEqual(['in het geheugen']);
    const download = await t.http().get(`${V1}/files/${uploaded.body.id}/content`).buffer(true);
    expect(download.text).toBe('in het geheugen');
  });

  it('holds uploads to the FILES_MAX_BYTES of its options', async () => {
    const tooLarge = await t.http().post(`${V1}/groups/${groupId}/files`).set(owner.auth).attach('file', Buffer.alloc(65, 'x'), 'big.txt');
    expect(tooLarge.status).toBe(413);
    expect(storage.objects.size).toBe(1);
  });

  it('gives invitations the lifetime of CommunityModule’s options', async () => {
    const created = await t.http().post(`${V1}/groups/${groupId}/invites`).set(owner.auth).send({ email: uniqueEmail('invitee') });
    expect(created.status).toBe(201);
    const lifetime = new Date(created.body.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(2.9 * DAY_MS);
    expect(lifetime).toBeLessThanOrEqual(3 * DAY_MS);
  });
});
