import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '@kennisplein/core';
import type { DigestFrequency, Locale, NewUser, PublicUser, User, UserChanges, UserWithPassword } from './user.js';

interface UserRow {
  id: string;
  email: string;
  email_verified_at: Date | null;
  pending_email: string | null;
  display_name: string;
  affiliation: string | null;
  bio: string | null;
  locale: Locale;
  timezone: string;
  is_admin: boolean;
  digest_frequency: DigestFrequency;
  digest_subscription: number;
  last_digest_at: Date | null;
  deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

interface UserWithPasswordRow extends UserRow {
  password_hash: string | null;
}

/** The email as the account had it, and whether it waited for one, before a verified address was applied. */
export interface EmailState {
  email: string;
  pendingEmail: string | null;
  verified: boolean;
}

/** Every column but the password hash, which only the lookups for a password check read. */
const USER_COLUMNS = `id, email, email_verified_at, pending_email, display_name, affiliation, bio, locale, timezone, is_admin,
  digest_frequency, digest_subscription, last_digest_at, deleted_at, created_at, updated_at`;

/** The columns an owner's change may write, by field. */
const CHANGEABLE_COLUMNS: Record<keyof UserChanges, string> = {
  displayName: 'display_name',
  affiliation: 'affiliation',
  bio: 'bio',
  locale: 'locale',
  timezone: 'timezone',
  digestFrequency: 'digest_frequency',
  digestSubscription: 'digest_subscription',
};

const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  emailVerifiedAt: row.email_verified_at,
  pendingEmail: row.pending_email,
  displayName: row.display_name,
  affiliation: row.affiliation,
  bio: row.bio,
  locale: row.locale,
  timezone: row.timezone,
  isAdmin: row.is_admin,
  digestFrequency: row.digest_frequency,
  digestSubscription: row.digest_subscription,
  lastDigestAt: row.last_digest_at,
  deletedAt: row.deleted_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toUserWithPassword = (row: UserWithPasswordRow): UserWithPassword => ({ ...toUser(row), passwordHash: row.password_hash });

const lowerCased = (emails: readonly string[]): string[] => [...new Set(emails.map((email) => email.toLowerCase()))];

/** The SQL of accounts (table users). "Active" is not deleted. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A unique violation (the email is taken) is the caller's to answer. */
  async insert(user: Required<NewUser>): Promise<User> {
    const [row] = await this.dataSource.query<UserRow[]>(
      `INSERT INTO users (email, display_name, password_hash, is_admin, email_verified_at)
       VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END) RETURNING ${USER_COLUMNS}`,
      [user.email, user.displayName, user.passwordHash, user.isAdmin, user.emailVerified],
    );
    return toUser(row);
  }

  async findActiveById(id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    const [row] = await manager.query<UserRow[]>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1 AND deleted_at IS NULL`, [id]);
    return row ? toUser(row) : null;
  }

  async findActiveByIdWithPassword(id: string): Promise<UserWithPassword | null> {
    const [row] = await this.dataSource.query<UserWithPasswordRow[]>(
      `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE id = $1 AND deleted_at IS NULL`,
      [id],
    );
    return row ? toUserWithPassword(row) : null;
  }

  /** Case-insensitively. */
  async findActiveByEmail(email: string): Promise<User | null> {
    const [row] = await this.dataSource.query<UserRow[]>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower($1) AND deleted_at IS NULL`, [
      email,
    ]);
    return row ? toUser(row) : null;
  }

  /** Case-insensitively. */
  async findActiveByEmailWithPassword(email: string): Promise<UserWithPassword | null> {
    const [row] = await this.dataSource.query<UserWithPasswordRow[]>(
      `SELECT ${USER_COLUMNS}, password_hash FROM users WHERE lower(email) = lower($1) AND deleted_at IS NULL`,
      [email],
    );
    return row ? toUserWithPassword(row) : null;
  }

  /** The active accounts with these emails (case-insensitive; verified ones only when asked), keyed by lower-case email. */
  async activeIdsByEmails(emails: readonly string[], options: { verifiedOnly: boolean }): Promise<Map<string, string>> {
    const wanted = lowerCased(emails);
    if (wanted.length === 0) return new Map();
    const rows = await this.dataSource.query<{ id: string; email: string }[]>(
      `SELECT id, lower(email) AS email FROM users
        WHERE lower(email) = ANY($1) AND deleted_at IS NULL AND (NOT $2 OR email_verified_at IS NOT NULL)`,
      [wanted, options.verifiedOnly],
    );
    return new Map(rows.map((row) => [row.email, row.id]));
  }

  /** Of these ids, the accounts that are not deleted. */
  async findActiveByIds(ids: readonly string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.query<UserRow[]>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`, [[...new Set(ids)]]);
    return rows.map(toUser);
  }

  async activeIdsAmong(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM users WHERE id = ANY($1) AND deleted_at IS NULL`, [[...new Set(ids)]]);
    return rows.map((row) => row.id);
  }

  /** Deleted accounts included. */
  async publicByIds(ids: readonly string[]): Promise<PublicUser[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.query<{ id: string; display_name: string; affiliation: string | null; deleted: boolean }[]>(
      `SELECT id, display_name, affiliation, deleted_at IS NOT NULL AS deleted FROM users WHERE id = ANY($1)`,
      [[...new Set(ids)]],
    );
    return rows.map((row) => ({ id: row.id, displayName: row.display_name, affiliation: row.affiliation, deleted: row.deleted }));
  }

  /** Is this address another account's (case-insensitively)? */
  async isEmailTaken(email: string, exceptUserId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM users WHERE lower(email) = lower($1) AND id <> $2`, [email, exceptUserId]);
    return rows.length > 0;
  }

  /** A page of the active accounts with this digest frequency, in id order after `afterId`. */
  async pageActiveByDigestFrequency(frequency: DigestFrequency, afterId: string | null, limit: number): Promise<User[]> {
    const rows = await this.dataSource.query<UserRow[]>(
      `SELECT ${USER_COLUMNS} FROM users
        WHERE digest_frequency = $1 AND deleted_at IS NULL AND ($2::uuid IS NULL OR id > $2::uuid)
        ORDER BY id LIMIT $3`,
      [frequency, afterId, limit],
    );
    return rows.map(toUser);
  }

  /** Writes the changed fields; null when the account is gone. */
  async update(id: string, changes: UserChanges): Promise<User | null> {
    const fields = (Object.keys(CHANGEABLE_COLUMNS) as (keyof UserChanges)[]).filter((field) => changes[field] !== undefined);
    const assignments = fields.map((field, index) => `${CHANGEABLE_COLUMNS[field]} = $${index + 2}`);
    const [row] = returnedRows<UserRow>(
      await this.dataSource.query(
        `UPDATE users SET ${[...assignments, 'updated_at = now()'].join(', ')} WHERE id = $1 AND deleted_at IS NULL RETURNING ${USER_COLUMNS}`,
        [id, ...fields.map((field) => changes[field])],
      ),
    );
    return row ? toUser(row) : null;
  }

  async setPendingEmail(id: string, email: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE users SET pending_email = $2, updated_at = now() WHERE id = $1`, [id, email]);
  }

  /** A pending email change ends with the new password, when asked. */
  async setPassword(manager: EntityManager, id: string, passwordHash: string, cancelPendingEmail: boolean): Promise<void> {
    await manager.query(
      `UPDATE users SET password_hash = $2, pending_email = CASE WHEN $3 THEN NULL ELSE pending_email END, updated_at = now() WHERE id = $1`,
      [id, passwordHash, cancelPendingEmail],
    );
  }

  async removePassword(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE users SET password_hash = NULL WHERE id = $1`, [id]);
  }

  async setAdmin(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE users SET is_admin = true, updated_at = now() WHERE id = $1`, [id]);
  }

  /** Marks an active account's own address verified; answers that address, or null when it was verified already (or the account is gone). */
  async markEmailVerified(id: string): Promise<string | null> {
    const [row] = returnedRows<{ email: string }>(
      await this.dataSource.query(
        `UPDATE users SET email_verified_at = now() WHERE id = $1 AND email_verified_at IS NULL AND deleted_at IS NULL RETURNING email`,
        [id],
      ),
    );
    return row?.email ?? null;
  }

  /** The active account's address state, its row locked until the caller's transaction ends. */
  async lockEmailState(manager: EntityManager, id: string): Promise<EmailState | null> {
    const [row] = await manager.query<{ email: string; pending_email: string | null; verified: boolean }[]>(
      `SELECT email, pending_email, email_verified_at IS NOT NULL AS verified FROM users WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
      [id],
    );
    return row ? { email: row.email, pendingEmail: row.pending_email, verified: row.verified } : null;
  }

  /**
   * The address `email` is the account's and verified: a new address replaces the old (and
   * its verification starts now), the same address keeps an earlier verification. The
   * pending address ends. A unique violation (taken meanwhile) is the caller's to answer.
   */
  async applyVerifiedEmail(manager: EntityManager, id: string, email: string, replacesAddress: boolean): Promise<void> {
    await manager.query(
      `UPDATE users SET email = $2, pending_email = NULL, email_verified_at = COALESCE(CASE WHEN $3 THEN NULL ELSE email_verified_at END, now()), updated_at = now()
       WHERE id = $1`,
      [id, email, replacesAddress],
    );
  }

  async setLastDigestAt(manager: EntityManager, ids: readonly string[], at: Date): Promise<void> {
    await manager.query(`UPDATE users SET last_digest_at = $2 WHERE id = ANY($1::uuid[])`, [ids, at]);
  }

  /** Digest frequency never, only while `subscription` is the active account's current one; answers whether it was. */
  async endDigestSubscription(id: string, subscription: number): Promise<boolean> {
    const rows = returnedRows(
      await this.dataSource.query(
        `UPDATE users SET digest_frequency = 'never' WHERE id = $1 AND digest_subscription = $2 AND deleted_at IS NULL RETURNING id`,
        [id, subscription],
      ),
    );
    return rows.length > 0;
  }

  /** Account deletion: the row stays, with nothing personal left in it but what it shows as. */
  async anonymise(manager: EntityManager, id: string, shownAs: { email: string; displayName: string }): Promise<void> {
    await manager.query(
      `UPDATE users SET email = $2, display_name = $3, password_hash = NULL, pending_email = NULL, email_verified_at = NULL,
              affiliation = NULL, bio = NULL, is_admin = false, digest_frequency = 'never', deleted_at = now(), updated_at = now()
        WHERE id = $1`,
      [id, shownAs.email, shownAs.displayName],
    );
  }
}
