import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AdminAccounts } from './admin-accounts.service.js';
import { IdentityConfig } from '../identity.config.js';

/** ADMIN_EMAIL and ADMIN_PASSWORD at start-up create or promote a platform admin. */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly config: IdentityConfig,
    private readonly admins: AdminAccounts,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.config;
    if (!email || !password) return;
    const outcome = await this.admins.ensureFromEnvironment(email, password);
    if (outcome === 'refused') {
      this.logger.warn(
        `ADMIN_EMAIL ${email} belongs to an account whose password is not ADMIN_PASSWORD: not promoted. ` +
          'Use `npm run cli -- admin:create` to promote it deliberately.',
      );
    } else {
      this.logger.log(`platform admin ${email}: ${outcome}`);
    }
  }
}
