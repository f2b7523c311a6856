import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainEvents, isUniqueViolation, PersonalDataRegistry } from '@kennisplein/core';
import { AccountErrors, MailTokenErrors, UserErrors } from '../identity.errors.js';
import type { UserProfileDto } from './dto/user-profile.dto.js';
import type { UpdateProfileDto } from './dto/update-profile.dto.js';
import type { UpdateSettingsDto, UserSettingsDto } from './dto/user-settings.dto.js';
import type { DigestFrequency, NewUser, PublicProfile, PublicUser, User, UserChanges, UserWithPassword } from './user.js';
import { UsersRepository } from './users.repository.js';

/** The name every deleted account shows, in Dutch with English beside it. */
export const DELETED_USER_NAME = 'Verwijderde gebruiker / Deleted user';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly personalData: PersonalDataRegistry,
    private readonly events: DomainEvents,
  ) {}

  async create(input: NewUser): Promise<User> {
    let user: User;
    try {
      user = await this.users.insert({ ...input, isAdmin: input.isAdmin ?? false, emailVerified: input.emailVerified ?? false });
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
    const email = await this.users.markEmailVerified(id);
    if (email !== null) this.announceVerified(id, email);
    return email !== null;
  }

  /** The account signs in only through its institution from now on (an unproved address taken over by a verified claim). */
  removePassword(id: string, manager: EntityManager): Promise<void> {
    return this.users.removePassword(manager, id);
  }

  /** The verified active accounts with these emails (case-insensitive), keyed by lower-case email: who may be linked as an author. */
  findVerifiedIdsByEmails(emails: readonly string[]): Promise<Map<string, string>> {
    return this.users.activeIdsByEmails(emails, { verifiedOnly: true });
  }

  /** An active user by id, with the password hash (for a password change). */
  findActiveByIdWithPassword(id: string): Promise<UserWithPassword | null> {
    return this.users.findActiveByIdWithPassword(id);
  }

  /** Is this address another active account's (case-insensitively)? */
  isEmailTaken(email: string, exceptUserId: string): Promise<boolean> {
    return this.users.isEmailTaken(email, exceptUserId);
  }

  setPendingEmail(id: string, email: string | null): Promise<void> {
    return this.users.setPendingEmail(id, email);
  }

  /** A new password (from a reset or a change): a pending email change ends with it, when asked. */
  setPassword(id: string, passwordHash: string, options: { cancelPendingEmail: boolean }, manager: EntityManager): Promise<void> {
    return this.users.setPassword(manager, id, passwordHash, options.cancelPendingEmail);
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
    const current = await this.users.lockEmailState(manager, id);
    if (!current) return null;
    const changed = current.email.toLowerCase() !== email.toLowerCase();
    // A link for an address that is neither the account's nor the one it waits for (an old
    // mail, a change since withdrawn) verifies nothing.
    if (changed && current.pendingEmail?.toLowerCase() !== email.toLowerCase()) throw MailTokenErrors.invalid();
    try {
      await this.users.applyVerifiedEmail(manager, id, changed ? email : current.email, changed);
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
    return this.users.findActiveByEmail(email);
  }

  /** The active accounts with these emails (case-insensitive), keyed by lower-case email. One query. */
  findActiveIdsByEmails(emails: readonly string[]): Promise<Map<string, string>> {
    return this.users.activeIdsByEmails(emails, { verifiedOnly: false });
  }

  /** A page of the active accounts with this digest frequency, in id order after `afterId` (keyset). */
  pageActiveByDigestFrequency(frequency: DigestFrequency, afterId: string | null, limit: number): Promise<User[]> {
    return this.users.pageActiveByDigestFrequency(frequency, afterId, limit);
  }

  /** When these accounts last had a digest. One query. */
  async setLastDigestAt(ids: readonly string[], at: Date, manager?: EntityManager): Promise<void> {
    if (ids.length > 0) await this.users.setLastDigestAt(manager ?? this.dataSource.manager, ids, at);
  }

  /**
   * The account's digest frequency becomes never, only while `subscription` is its current
   * digest subscription (see User.digestSubscription); answers whether it was.
   */
  endDigestSubscription(id: string, subscription: number): Promise<boolean> {
    return this.users.endDigestSubscription(id, subscription);
  }

  /** Of these ids, the accounts that are not deleted. One query. */
  activeIdsAmong(ids: readonly string[]): Promise<string[]> {
    return this.users.activeIdsAmong(ids);
  }

  /** An active (not deleted) user by email, case-insensitively, with the password hash. */
  findActiveByEmailWithPassword(email: string): Promise<UserWithPassword | null> {
    return this.users.findActiveByEmailWithPassword(email);
  }

  findActiveById(id: string, manager?: EntityManager): Promise<User | null> {
    return this.users.findActiveById(id, manager);
  }

  /** The active accounts among these ids (in no particular order). One query. */
  findActiveByIds(ids: readonly string[]): Promise<User[]> {
    return this.users.findActiveByIds(ids);
  }

  async getActive(id: string): Promise<User> {
    const user = await this.findActiveById(id);
    if (!user) throw AccountErrors.not_found();
    return user;
  }

  /** Users by id for display, deleted ones included (they show as deleted). One query. */
  async findPublicByIds(ids: readonly string[]): Promise<Map<string, PublicUser>> {
    const users = await this.users.publicByIds(ids);
    return new Map(users.map((user) => [user.id, user]));
  }

  /** An active account's public profile; an unknown or deleted one is user.not_found (404). */
  async getPublicProfile(id: string): Promise<PublicProfile> {
    const user = await this.findActiveById(id);
    if (!user) throw UserErrors.not_found();
    return { id: user.id, displayName: user.displayName, affiliation: user.affiliation, bio: user.bio };
  }

  /** Profile or settings: the DTOs say which fields a caller may change. Only what differs is written. */
  async update(id: string, input: UpdateProfileDto | UpdateSettingsDto): Promise<User> {
    const user = await this.getActive(id);
    const changes: UserChanges = {};
    for (const [field, value] of Object.entries(input) as [keyof UserChanges, unknown][]) {
      if (value !== undefined && value !== user[field]) Object.assign(changes, { [field]: value });
    }
    // Subscribing again is a new subscription: what was tied to the old one (its unsubscribe links) ends.
    if (user.digestFrequency === 'never' && changes.digestFrequency !== undefined && changes.digestFrequency !== 'never') {
      changes.digestSubscription = user.digestSubscription + 1;
    }
    if (Object.keys(changes).length === 0) return user;
    const updated = await this.users.update(id, changes);
    if (!updated) throw AccountErrors.not_found();
    return updated;
  }

  /** An operator vouches for the account: it becomes admin and its email counts as verified. */
  async promoteToAdmin(id: string): Promise<void> {
    await this.users.setAdmin(id);
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
      await this.users.anonymise(manager, id, { email: `deleted-${id}@deleted.kennisplein.invalid`, displayName: DELETED_USER_NAME });
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
