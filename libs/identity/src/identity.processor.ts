import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobName, JobRegistry } from '@kennisplein/core';
import { AccountTokensRepository } from './account/account-tokens.repository.js';
import { AccountService } from './account/account.service.js';
import { TokenService } from './auth/token.service.js';

/** Identity's jobs: each handler only calls a service. */
@Injectable()
export class IdentityProcessor implements OnModuleInit {
  private readonly logger = new Logger('IdentityProcessor');

  constructor(
    private readonly registry: JobRegistry,
    private readonly tokens: TokenService,
    private readonly accountTokens: AccountTokensRepository,
    private readonly account: AccountService,
  ) {}

  onModuleInit(): void {
    this.registry.register(JobName.PurgeExpiredSessions, async () => {
      const purged = await this.tokens.purgeExpired();
      const mailTokens = await this.accountTokens.purgeExpired();
      this.logger.log(`purged ${purged} expired refresh tokens and ${mailTokens} mail tokens`);
      return { purged, mailTokens };
    });
    this.registry.register(JobName.SendPasswordReset, ({ email }) => this.account.sendPasswordReset(email));
  }
}
