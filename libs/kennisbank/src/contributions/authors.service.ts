import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthUser, clip, DomainEvents } from '@kennisplein/core';
import { AccessPolicy, MembershipsService, PlatformAction } from '@kennisplein/community';
import { UsersService } from '@kennisplein/identity';
import { AuthorErrors } from '../kennisbank.errors.js';
import { AuthorsRepository, type NewAuthor } from './authors.repository.js';
import type { AuthorInput } from './contribution.js';

/**
 * Authors and their accounts. An author whose email the kennisbank knows is linked when
 * that account registers; an admin links the others. A linked author owns the workspace.
 */
@Injectable()
export class AuthorsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly memberships: MembershipsService,
    private readonly users: UsersService,
    private readonly authors: AuthorsRepository,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on('user.email-verified', ({ userId, email }) => this.linkByEmail(userId, email));
  }

  /** The verified accounts of these (lower-cased) emails: email → account. */
  verifiedAccounts(emails: string[]): Promise<Map<string, string>> {
    return this.users.findVerifiedIdsByEmails(emails);
  }

  /** The accounts the authors' emails name: the owners of a new workspace. */
  accountsOf(authors: AuthorInput[], accounts: Map<string, string>): string[] {
    return authors.flatMap((author) => {
      const userId = author.email ? accounts.get(author.email.toLowerCase()) : undefined;
      return userId ? [userId] : [];
    });
  }

  /** The authors of a new contribution, linked to the accounts of their emails, in the caller's transaction. */
  async add(manager: EntityManager, contributionId: string, authors: AuthorInput[], accounts: Map<string, string>): Promise<void> {
    await this.write(manager, contributionId, authors, accounts, new Map());
  }

  /** The authors of many new contributions (a bulk import's batch), in the caller's transaction. */
  async addMany(manager: EntityManager, contributions: { contributionId: string; authors: AuthorInput[] }[], accounts: Map<string, string>): Promise<void> {
    await this.authors.insertMany(
      manager,
      contributions.map(({ contributionId, authors }) => ({ contributionId, authors: this.stored(authors, accounts, new Map()) })),
    );
  }

  /**
   * The authors of a changed document replace the old ones, in the caller's transaction. An
   * author already linked to an account stays linked when the new version still names them.
   * Answers the accounts linked to them.
   */
  async replace(manager: EntityManager, contributionId: string, authors: AuthorInput[], accounts: Map<string, string>): Promise<string[]> {
    const linked = await this.authors.linkedByName(manager, contributionId);
    await this.authors.deleteFor(manager, contributionId);
    return this.write(manager, contributionId, authors, accounts, linked);
  }

  /** A new account: the authors the kennisbank knew by its email become it, and own their workspaces. */
  async linkByEmail(userId: string, email: string): Promise<number> {
    const linked = await this.dataSource.transaction(async (manager) => {
      const groupIds = await this.authors.linkByEmail(manager, userId, email);
      for (const groupId of groupIds) await this.memberships.makeOwner(groupId, userId, manager);
      return groupIds.length;
    });
    if (linked > 0) this.events.emit('kennisbank.changed', {});
    return linked;
  }

  /** Links the accounts that now exist for these emails (after an import that ran while they registered). */
  async linkRegistered(emails: string[]): Promise<void> {
    const accounts = await this.users.findVerifiedIdsByEmails(emails);
    for (const [email, userId] of accounts) await this.linkByEmail(userId, email);
  }

  /** PUT /contributions/:id/authors/:authorId/user (admin): this author is that account. */
  async link(caller: AuthUser, contributionId: string, authorId: string, userId: string): Promise<void> {
    this.policy.assertPlatform(caller, PlatformAction.ManageKennisbank);
    const account = await this.users.findActiveById(userId);
    if (!account) throw AuthorErrors.account_not_active();
    // Only a verified account is an author: anyone can register with any name.
    if (!account.emailVerifiedAt) throw AuthorErrors.account_unverified();
    await this.dataSource.transaction(async (manager) => {
      const groupId = await this.authors.link(manager, contributionId, authorId, userId);
      if (!groupId) throw AuthorErrors.not_found();
      await this.memberships.makeOwner(groupId, userId, manager);
    });
    this.events.emit('kennisbank.changed', { contributionId });
  }

  /** Stores the authors in one statement; answers the accounts linked to them. */
  private async write(
    manager: EntityManager,
    contributionId: string,
    authors: AuthorInput[],
    accounts: Map<string, string>,
    linkedByName: Map<string, string>,
  ): Promise<string[]> {
    const stored = this.stored(authors, accounts, linkedByName);
    await this.authors.insert(manager, contributionId, stored);
    return [...new Set(stored.flatMap((author) => (author.userId === null ? [] : [author.userId])))];
  }

  private stored(authors: AuthorInput[], accounts: Map<string, string>, linkedByName: Map<string, string>): NewAuthor[] {
    return authors.map((author) => ({
      name: clip(author.name, 200),
      affiliation: author.affiliation ? clip(author.affiliation, 200) : null,
      email: author.email?.toLowerCase() ?? null,
      userId: (author.email ? accounts.get(author.email.toLowerCase()) : undefined) ?? linkedByName.get(author.name.toLowerCase()) ?? null,
    }));
  }
}
