import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@kennisplein/core';
import { AdminAccounts } from './admin-accounts.service.js';

/** ADMIN_EMAIL and ADMIN_PASSWORD at start-up create or promote a platform admin. */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    private readonly config: AppConfig,
    private readonly admins: AdminAccounts,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } = this.config;
    if (!email || !password) return;
    const { created } = await this.admins.createOrPromote(email, password);
    this.logger.log(`${created ? 'created' : 'ensured'} platform admin ${email}`);
  }
}
