import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '@kennisplein/core';
import { IdentityJob } from './identity.jobs.js';
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
    this.registry.register(IdentityJob.PurgeExpiredSessions, async () => {
      const purged = await this.tokens.purgeExpired();
      const mailTokens = await this.accountTokens.purgeExpired();
      this.logger.log(`purged ${purged} expired refresh tokens and ${mailTokens} mail tokens`);
      return { purged, mailTokens };
    });
    this.registry.register(IdentityJob.SendPasswordReset, ({ email }) => this.account.sendPasswordReset(email));
  }
}
