import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthUser, DomainEvents, PersonalDataRegistry, returnedRows } from '@kennisplein/core';
import { AccessPolicy, MembershipsService, PlatformAction } from '@kennisplein/community';
import { UsersService } from '@kennisplein/identity';
import { AuthorErrors } from '../kennisbank.errors.js';
import { ContributionQueries } from './contribution-queries.js';
import type { ContributionDto } from './dto/contribution.dto.js';


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
    private readonly queries: ContributionQueries,
    private readonly events: DomainEvents,
    private readonly personalData: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    this.events.on('user.email-verified', ({ userId, email }) => this.linkByEmail(userId, email));
    this.personalData.register({
      section: 'authorships',
      exportFor: (userId) =>
        this.dataSource.query(
          `SELECT c.id AS "contributionId", c.title, a.name, a.affiliation, a.email
           FROM contribution_authors a JOIN contributions c ON c.id = a.contribution_id WHERE a.user_id = $1 ORDER BY c.created_at`,
          [userId],
        ),
      // The name on a paper is public record and stays; the link to the account and the email go.
      eraseFor: async (userId, manager) => {
        await manager.query(`UPDATE contribution_authors SET user_id = NULL, email = NULL WHERE user_id = $1`, [userId]);
      },
    });
  }

  /** A new account: the authors the kennisbank knew by its email become it, and own their workspaces. */
  async linkByEmail(userId: string, email: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = returnedRows<{ group_id: string }>(
        await manager.query(
          `UPDATE contribution_authors a SET user_id = $1
           FROM contributions c
           WHERE c.id = a.contribution_id AND lower(a.email) = lower($2) AND a.user_id IS NULL
           RETURNING c.workspace_group_id AS group_id`,
          [userId, email],
        ),
      );
      const groupIds = [...new Set(rows.map((row) => row.group_id))];
      for (const groupId of groupIds) await this.memberships.makeOwner(groupId, userId, manager);
      return groupIds.length;
    });
  }

  /** Links the accounts that now exist for these emails (after an import that ran while they registered). */
  async linkRegistered(emails: string[]): Promise<void> {
    const accounts = await this.users.findVerifiedIdsByEmails(emails);
    for (const [email, userId] of accounts) await this.linkByEmail(userId, email);
  }

  /** PUT /contributions/:id/authors/:authorId/user (admin): this author is that account. */
  async link(caller: AuthUser, contributionId: string, authorId: string, userId: string): Promise<ContributionDto> {
    this.policy.assertPlatform(caller, PlatformAction.ManageKennisbank);
    const account = await this.users.findActiveById(userId);
    if (!account) throw AuthorErrors.account_not_active();
    // Only a verified account is an author: anyone can register with any name.
    if (!account.emailVerifiedAt) throw AuthorErrors.account_unverified();
    await this.dataSource.transaction(async (manager) => {
      const [row] = returnedRows<{ group_id: string }>(
        await manager.query(
          `UPDATE contribution_authors a SET user_id = $3
           FROM contributions c
           WHERE c.id = a.contribution_id AND a.id = $2 AND a.contribution_id = $1
           RETURNING c.workspace_group_id AS group_id`,
          [contributionId, authorId, userId],
        ),
      );
      if (!row) throw AuthorErrors.not_found();
      await this.memberships.makeOwner(row.group_id, userId, manager);
    });
    return this.queries.get(contributionId);
  }
}
