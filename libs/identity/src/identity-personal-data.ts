import { Injectable, OnModuleInit } from '@nestjs/common';
import { PersonalDataRegistry } from '@kennisplein/core';
import { AccountTokensRepository } from './account/account-tokens.repository.js';
import { TokenService } from './auth/token.service.js';
import { UserIdentitiesRepository } from './oidc/user-identities.repository.js';
import { UsersService } from './users/users.service.js';

/** Identity's part of the data export and of account deletion. */
@Injectable()
export class IdentityPersonalData implements OnModuleInit {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly accountTokens: AccountTokensRepository,
    private readonly identities: UserIdentitiesRepository,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      section: 'account',
      exportFor: async (userId) => {
        const user = await this.users.getActive(userId);
        return {
          ...this.users.toProfile(user),
          settings: this.users.toSettings(user),
          isAdmin: user.isAdmin,
          emailVerifiedAt: user.emailVerifiedAt,
          lastDigestAt: user.lastDigestAt,
          createdAt: user.createdAt,
          updatedAt: user.updatedAt,
        };
      },
    });
    this.registry.register({ section: 'settings', exportFor: async (userId) => this.users.toSettings(await this.users.getActive(userId)) });
    this.registry.register({
      section: 'sessions',
      exportFor: async (userId) =>
        (await this.tokens.listForUser(userId)).map((token) => ({
          login: token.familyId,
          createdAt: token.createdAt,
          expiresAt: token.expiresAt,
          usedAt: token.usedAt,
          revokedAt: token.revokedAt,
        })),
      eraseFor: (userId, manager) => this.tokens.eraseFor(userId, manager),
    });
    this.registry.register({
      section: 'accountMails',
      exportFor: (userId) => this.accountTokens.listForUser(userId),
      eraseFor: (userId, manager) => this.accountTokens.eraseFor(manager, userId),
    });
    this.registry.register({
      section: 'identities',
      // The institutions the account signs in through, with the institution's own identifier of the person.
      exportFor: (userId) => this.identities.listForUser(userId),
      eraseFor: (userId, manager) => this.identities.eraseFor(manager, userId),
    });
  }
}
