import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull, Repository } from 'typeorm';
import { DomainEvents, isUniqueViolation, PersonalDataRegistry, returnedRows } from '@kennisplein/core';
import { AccountErrors, MailTokenErrors, UserErrors } from '../identity.errors.js';
import type { UserProfileDto } from './dto/user-profile.dto.js';
import type { UpdateProfileDto } from './dto/update-profile.dto.js';
import type { UpdateSettingsDto, UserSettingsDto } from './dto/user-settings.dto.js';
import { User } from './user.entity.js';

/** The name every deleted account shows, in Dutch with English beside it. */
export const DELETED_USER_NAME = 'Verwijderde gebruiker / Deleted user';

export interface NewUser {
  email: string;
  displayName: string;
  /** Null for an account that signs in only through its institution (OpenID Connect). */
  passwordHash: string | null;
  isAdmin?: boolean;
  /** An operator made it, or an institution vouched for the address: no verification mail. */
  emailVerified?: boolean;
}

/** What a digest needs of its reader. */
export interface DigestRecipient {
  id: string;
  email: string;
  displayName: string;
  locale: 'nl' | 'en';
  timezone: string;
  lastDigestAt: Date | null;
  /** The subscription a digest is sent for (its unsubscribe link names it). */
  digestSubscription: number;
}

/** What anyone may read of an account (GET /users/:id): no email, no settings. */
export interface PublicProfile {
  id: string;
  displayName: string;
  affiliation: string | null;
  bio: string | null;
}

/** A user as other libs see them: no email, no settings. */
export interface PublicUser {
  id: string;
  displayName: string;
  affiliation: string | null;
  deleted: boolean;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly personalData: PersonalDataRegistry,
    private readonly events: DomainEvents,
  ) {}

  async create(input: NewUser): Promise<User> {
    let user: User;
    try {
      const { emailVerified, ...fields } = input;
      user = await this.users.save(
        this.users.create({ ...fields, isAdmin: input.isAdmin ?? false, emailVerifiedAt: emailVerified ? new Date() : null }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw AccountErrors.email_taken();
      }
      throw error;
    }
    this.events.emit('user.registered', { userId: user.id, email: user.email, emailVerified: user.emailVerifiedAt !== null });
    if (user.emailVerifiedAt) this.events.emit('user.email-verified', { userId: user.id, email: user.email });
    return user;
  }

  /**
   * The account now proved it reads mail at its address. Answers whether this changed
   * anything; only then are the libs above told (the kennisbank links its authorships).
   */
  async markEmailVerified(id: string): Promise<boolean> {
    // Not in a caller's transaction: the libs above are told at once, which must follow a commit.
    const rows = returnedRows<{ email: string }>(
      await this.dataSource.query(
        `UPDATE users SET email_verified_at = now() WHERE id = $1 AND email_verified_at IS NULL AND deleted_at IS NULL RETURNING email`,
        [id],
      ),
    );
    const [row] = rows;
    if (row) this.announceVerified(id, row.email);
    return row !== undefined;
  }

  /** The account signs in only through its institution from now on (an unproved address taken over by a verified claim). */
  async removePassword(id: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`UPDATE users SET password_hash = NULL WHERE id = $1`, [id]);
  }

  /** The verified active accounts with these emails (case-insensitive), keyed by lower-case email: who may be linked as an author. */
  async findVerifiedIdsByEmails(emails: readonly string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(emails.map((email) => email.toLowerCase()))];
    if (wanted.length === 0) return new Map();
    const rows = await this.dataSource.query<{ id: string; email: string }[]>(
      `SELECT id, lower(email) AS email FROM users WHERE lower(email) = ANY($1) AND deleted_at IS NULL AND email_verified_at IS NOT NULL`,
      [wanted],
    );
    return new Map(rows.map((row) => [row.email, row.id]));
  }

  /** An active user by id, with the password hash (for a password change). */
  findActiveByIdWithPassword(id: string): Promise<User | null> {
    return this.users.createQueryBuilder('user').addSelect('user.passwordHash').where('user.id = :id', { id }).andWhere('user.deletedAt IS NULL').getOne();
  }

  /** Is this address another active account's (case-insensitively)? */
  async isEmailTaken(email: string, exceptUserId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM users WHERE lower(email) = lower($1) AND id <> $2`, [email, exceptUserId]);
    return rows.length > 0;
  }

  async setPendingEmail(id: string, email: string | null): Promise<void> {
    await this.users.update(id, { pendingEmail: email });
  }

  /** A new password (from a reset or a change): a pending email change ends with it, when asked. */
  async setPassword(id: string, passwordHash: string, options: { cancelPendingEmail: boolean }, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `UPDATE users SET password_hash = $2, pending_email = CASE WHEN $3 THEN NULL ELSE pending_email END, updated_at = now() WHERE id = $1`,
      [id, passwordHash, options.cancelPendingEmail],
    );
  }

  /**
   * The account proved it reads mail at `email`: its own address becomes verified, or a
   * pending new address takes effect (409 when another account took it meanwhile).
   * Answers what changed; the caller tells the other libs once its transaction committed.
   */
  async applyVerifiedEmail(
    id: string,
    email: string,
    manager: EntityManager,
  ): Promise<{ previousEmail: string; changed: boolean; newlyVerified: boolean } | null> {
    const [current] = await manager.query<{ email: string; pending_email: string | null; verified: boolean }[]>(
      `SELECT email, pending_email, email_verified_at IS NOT NULL AS verified FROM users WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
      [id],
    );
    if (!current) return null;
    const changed = current.email.toLowerCase() !== email.toLowerCase();
    // A link for an address that is neither the account's nor the one it waits for (an old
    // mail, a change since withdrawn) verifies nothing.
    if (changed && current.pending_email?.toLowerCase() !== email.toLowerCase()) throw MailTokenErrors.invalid();
    try {
      await manager.query(
        `UPDATE users SET email = $2, pending_email = NULL, email_verified_at = COALESCE(CASE WHEN $3 THEN NULL ELSE email_verified_at END, now()), updated_at = now()
         WHERE id = $1`,
        [id, changed ? email : current.email, changed],
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw AccountErrors.email_taken();
      throw error;
    }
    return { previousEmail: current.email, changed, newlyVerified: changed || !current.verified };
  }

  /** Tells the libs above that this account's address is verified (after the commit that made it so). */
  announceVerified(id: string, email: string): void {
    this.events.emit('user.email-verified', { userId: id, email });
  }

  /** An active account by email, case-insensitively. */
  findActiveByEmail(email: string): Promise<User | null> {
    return this.users.createQueryBuilder('user').where('lower(user.email) = lower(:email)', { email }).andWhere('user.deletedAt IS NULL').getOne();
  }

  /** The active accounts with these emails (case-insensitive), keyed by lower-case email. One query. */
  async findActiveIdsByEmails(emails: readonly string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(emails.map((email) => email.toLowerCase()))];
    if (wanted.length === 0) return new Map();
    const rows = await this.dataSource.query<{ id: string; email: string }[]>(
      `SELECT id, lower(email) AS email FROM users WHERE lower(email) = ANY($1) AND deleted_at IS NULL`,
      [wanted],
    );
    return new Map(rows.map((row) => [row.email, row.id]));
  }

  /**
   * A page of the accounts with this digest frequency (keyset by id): who may be due for
   * a digest. Whether one is due depends on their own clock, which the digest service reads.
   */
  async pageDigestRecipients(frequency: 'weekly' | 'daily', afterId: string | null, limit: number): Promise<DigestRecipient[]> {
    return this.dataSource.query<DigestRecipient[]>(
      `SELECT id, email, display_name AS "displayName", locale, timezone, last_digest_at AS "lastDigestAt",
              digest_subscription AS "digestSubscription"
       FROM users WHERE digest_frequency = $1 AND deleted_at IS NULL AND ($2::uuid IS NULL OR id > $2::uuid)
       ORDER BY id LIMIT $3`,
      [frequency, afterId, limit],
    );
  }

  /** One account as the digest needs it, with its frequency now; null when deleted. */
  async findDigestRecipient(id: string): Promise<(DigestRecipient & { digestFrequency: string }) | null> {
    const rows = await this.dataSource.query<(DigestRecipient & { digestFrequency: string })[]>(
      `SELECT id, email, display_name AS "displayName", locale, timezone, last_digest_at AS "lastDigestAt", digest_frequency AS "digestFrequency",
              digest_subscription AS "digestSubscription"
       FROM users WHERE id = $1 AND deleted_at IS NULL`,
      [id],
    );
    return rows[0] ?? null;
  }

  async markDigestSent(id: string, at: Date, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`UPDATE users SET last_digest_at = $2 WHERE id = $1`, [id, at]);
  }

  /** The one-click unsubscribe of a digest: only of the subscription the digest was sent for. */
  async stopDigests(id: string, subscription: number): Promise<boolean> {
    const result = returnedRows(
      await this.dataSource.query(
        `UPDATE users SET digest_frequency = 'never' WHERE id = $1 AND digest_subscription = $2 AND deleted_at IS NULL RETURNING id`,
        [id, subscription],
      ),
    );
    return result.length > 0;
  }

  /** Whether this is the account's current digest subscription (an unsubscribe link still valid). */
  async isDigestSubscription(id: string, subscription: number): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM users WHERE id = $1 AND digest_subscription = $2 AND deleted_at IS NULL`, [
      id,
      subscription,
    ]);
    return rows.length > 0;
  }

  /** Of these ids, the accounts that are not deleted. One query. */
  async activeIdsAmong(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM users WHERE id = ANY($1) AND deleted_at IS NULL`, [[...new Set(ids)]]);
    return rows.map((row) => row.id);
  }

  /** An active (not deleted) user by email, case-insensitively, with the password hash. */
  findActiveByEmailWithPassword(email: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('lower(user.email) = lower(:email)', { email })
      .andWhere('user.deletedAt IS NULL')
      .getOne();
  }

  findActiveById(id: string, manager?: EntityManager): Promise<User | null> {
    return (manager?.getRepository(User) ?? this.users).findOneBy({ id, deletedAt: IsNull() });
  }

  async getActive(id: string): Promise<User> {
    const user = await this.findActiveById(id);
    if (!user) throw AccountErrors.not_found();
    return user;
  }

  /** Users by id for display, deleted ones included (they show as deleted). One query. */
  async findPublicByIds(ids: readonly string[]): Promise<Map<string, PublicUser>> {
    if (ids.length === 0) return new Map();
    const rows = await this.users
      .createQueryBuilder('user')
      .select(['user.id', 'user.displayName', 'user.affiliation', 'user.deletedAt'])
      .where('user.id IN (:...ids)', { ids: [...new Set(ids)] })
      .getMany();
    return new Map(
      rows.map((user) => [
        user.id,
        { id: user.id, displayName: user.displayName, affiliation: user.affiliation, deleted: user.deletedAt !== null },
      ]),
    );
  }

  /** An active account's public profile; an unknown or deleted one is user.not_found (404). */
  async getPublicProfile(id: string): Promise<PublicProfile> {
    const user = await this.findActiveById(id);
    if (!user) throw UserErrors.not_found();
    return { id: user.id, displayName: user.displayName, affiliation: user.affiliation, bio: user.bio };
  }

  /** Profile or settings: the DTOs say which fields a caller may change. */
  async update(id: string, changes: UpdateProfileDto | UpdateSettingsDto): Promise<User> {
    const user = await this.getActive(id);
    // Subscribing again is a new subscription: unsubscribe links of the old one stop working.
    const resubscribes = 'digestFrequency' in changes && user.digestFrequency === 'never' && changes.digestFrequency !== undefined && changes.digestFrequency !== 'never';
    this.users.merge(user, changes);
    if (resubscribes) user.digestSubscription += 1;
    return this.users.save(user);
  }

  /** An operator vouches for the account: it becomes admin and its email counts as verified. */
  async promoteToAdmin(id: string): Promise<void> {
    await this.users.update(id, { isAdmin: true });
    await this.markEmailVerified(id);
  }

  /**
   * Deletes an account: every lib erases what it must, and the user row is anonymised
   * in the same transaction, so what they wrote stays, shown as from a deleted user.
   */
  async deleteAccount(id: string): Promise<void> {
    await this.getActive(id);
    await this.dataSource.transaction(async (manager) => {
      await this.personalData.eraseFor(id, manager);
      await manager.update(User, id, {
        email: `deleted-${id}@deleted.kennisplein.invalid`,
        displayName: DELETED_USER_NAME,
        passwordHash: null,
        pendingEmail: null,
        emailVerifiedAt: null,
        affiliation: null,
        bio: null,
        isAdmin: false,
        digestFrequency: 'never',
        deletedAt: new Date(),
      });
    });
    this.events.emit('user.deleted', { userId: id });
  }

  toProfile(user: User): UserProfileDto {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      affiliation: user.affiliation,
      bio: user.bio,
      locale: user.locale,
      emailVerified: user.emailVerifiedAt !== null,
      pendingEmail: user.pendingEmail,
      isAdmin: user.isAdmin,
    };
  }

  toSettings(user: User): UserSettingsDto {
    return { digestFrequency: user.digestFrequency, timezone: user.timezone, locale: user.locale };
  }
}
