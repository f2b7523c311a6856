import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobName, JobRegistry } from '@kennisplein/core';
import { TokenService } from './auth/token.service.js';

/** Identity's jobs: each handler only calls a service. */
@Injectable()
export class IdentityProcessor implements OnModuleInit {
  private readonly logger = new Logger('IdentityProcessor');

  constructor(
    private readonly registry: JobRegistry,
    private readonly tokens: TokenService,
  ) {}

  onModuleInit(): void {
    this.registry.register(JobName.PurgeExpiredSessions, async () => {
      const purged = await this.tokens.purgeExpired();
      this.logger.log(`purged ${purged} expired refresh tokens`);
      return { purged };
    });
  }
}
