import { describe, expect, it } from '@jest/globals';
import { DOWNLOAD_LINK_SECONDS, downloadToken, readDownloadToken } from './download-token.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const FILE = '7b0c5f0e-2f43-4d0f-9a7e-0c1e6b7a1a01';
const OTHER_FILE = '7b0c5f0e-2f43-4d0f-9a7e-0c1e6b7a1a02';
const USER = '1f8a2f7c-3b1d-4c55-8f0a-5a4e1d2c3b4a';

describe('download tokens', () => {
  it('open their file for their caller until they expire', () => {
    const now = Date.UTC(2026, 11, 2, 12);
    const { token, expiresAt } = downloadToken(FILE, USER, SECRET, now);
    expect(expiresAt.getTime()).toBe(now + DOWNLOAD_LINK_SECONDS * 1000);
    expect(readDownloadToken(token, FILE, SECRET, now + 1000)).toEqual({ ok: true, userId: USER });
    expect(readDownloadToken(token, FILE, SECRET, expiresAt.getTime())).toEqual({ ok: false, reason: 'expired' });
  });

  it('carry no caller for a reader who was not logged in', () => {
    const { token } = downloadToken(FILE, null, SECRET);
    expect(readDownloadToken(token, FILE, SECRET)).toEqual({ ok: true, userId: null });
  });

  it('refuse another file, another secret, a changed caller or expiry, and garbage', () => {
    const { token } = downloadToken(FILE, USER, SECRET);
    const [expires, , signature] = token.split('.');
    expect(readDownloadToken(token, OTHER_FILE, SECRET)).toEqual({ ok: false, reason: 'invalid' });
    expect(readDownloadToken(token, FILE, `${SECRET}!`)).toEqual({ ok: false, reason: 'invalid' });
    expect(readDownloadToken(`${expires}.-.${signature}`, FILE, SECRET)).toEqual({ ok: false, reason: 'invalid' });
    expect(readDownloadToken(`${Number(expires) + 3600}.${USER}.${signature}`, FILE, SECRET)).toEqual({ ok: false, reason: 'invalid' });
    for (const garbage of ['', 'x', '1.2', `${token}.more`, `abc.${USER}.${signature}`]) {
      expect(readDownloadToken(garbage, FILE, SECRET)).toEqual({ ok: false, reason: 'invalid' });
    }
  });
});
