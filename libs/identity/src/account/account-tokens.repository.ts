import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '@kennisplein/core';
import { MailTokenErrors } from '../identity.errors.js';

export type MailTokenPurpose = 'verify_email' | 'reset_password';

export interface MailToken {
  id: string;
  userId: string;
  purpose: MailTokenPurpose;
  /** The address the mail went to: the one it verifies, or the one a reset was asked for. */
  email: string;
}

/** A mail with a link, as the data export lists it (never the token). */
export interface SentMailToken {
  purpose: MailTokenPurpose;
  email: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

interface TokenRow {
  id: string;
  user_id: string;
  purpose: MailTokenPurpose;
  email: string;
  token_hash: string;
  expired: boolean;
  used: boolean;
}

/** `<uuid>.<43 base64url characters>`: anything else is malformed (400) before it reaches SQL. */
const TOKEN_SHAPE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * The single-use tokens that mails carry, as `<id>.<secret>`; only a sha256 of the secret
 * is stored (the secret has 256 bits, so a fast hash is enough).
 */
@Injectable()
export class AccountTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(userId: string, purpose: MailTokenPurpose, email: string, lifetimeMs: number): Promise<{ id: string; token: string }> {
    const secret = randomBytes(32).toString('base64url');
    const [row] = await this.dataSource.query<{ id: string }[]>(
      `INSERT INTO account_tokens (user_id, purpose, email, token_hash, expires_at)
       VALUES ($1, $2, $3, $4, now() + $5 * interval '1 millisecond') RETURNING id`,
      [userId, purpose, email, sha256(secret), lifetimeMs],
    );
    return { id: row.id, token: `${row.id}.${secret}` };
  }

  /**
   * Spends a token of this purpose in the caller's transaction (the row is locked, so two
   * uses at once cannot both win). Malformed: 400; unknown or of another purpose: 400;
   * expired or spent: 410.
   */
  async spend(manager: EntityManager, presented: string, purpose: MailTokenPurpose): Promise<MailToken> {
    const match = TOKEN_SHAPE.exec(presented);
    if (!match) throw MailTokenErrors.malformed();
    const [, id, secret] = match;
    const [row] = await manager.query<TokenRow[]>(
      `SELECT id, user_id, purpose, email, token_hash, expires_at <= now() AS expired, used_at IS NOT NULL AS used
       FROM account_tokens WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row || row.purpose !== purpose || !sameHash(row.token_hash, sha256(secret))) throw MailTokenErrors.invalid();
    if (row.used) throw MailTokenErrors.spent();
    if (row.expired) throw MailTokenErrors.expired();
    await manager.query(`UPDATE account_tokens SET used_at = now() WHERE id = $1`, [id]);
    return { id: row.id, userId: row.user_id, purpose: row.purpose, email: row.email };
  }

  /** The other open tokens of this purpose end too: after a reset, an older reset mail is useless. */
  async spendAllOf(manager: EntityManager, userId: string, purpose: MailTokenPurpose): Promise<void> {
    await manager.query(`UPDATE account_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, [userId, purpose]);
  }

  /** Is a link of this purpose still valid (mailed, not used, not expired)? */
  async hasOpen(userId: string, purpose: MailTokenPurpose): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM account_tokens WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() LIMIT 1`,
      [userId, purpose],
    );
    return rows.length > 0;
  }

  /** Tokens past their time, spent or not, kept a week for the record. */
  async purgeExpired(): Promise<number> {
    return returnedRows(await this.dataSource.query(`DELETE FROM account_tokens WHERE expires_at < now() - interval '7 days' RETURNING id`))
      .length;
  }

  /** For the data export: which mails with links were sent, never the tokens. */
  async listForUser(userId: string): Promise<SentMailToken[]> {
    const rows = await this.dataSource.query<{ purpose: MailTokenPurpose; email: string; created_at: Date; expires_at: Date; used_at: Date | null }[]>(
      `SELECT purpose, email, created_at, expires_at, used_at FROM account_tokens WHERE user_id = $1 ORDER BY created_at`,
      [userId],
    );
    return rows.map((row) => ({ purpose: row.purpose, email: row.email, createdAt: row.created_at, expiresAt: row.expires_at, usedAt: row.used_at }));
  }

  async eraseFor(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM account_tokens WHERE user_id = $1`, [userId]);
  }
}

function sameHash(expectedHex: string, actualHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  const actual = Buffer.from(actualHex, 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
