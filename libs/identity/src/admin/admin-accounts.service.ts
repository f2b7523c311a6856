import { Injectable } from '@nestjs/common';
import { DomainError } from '@kennisplein/core';
import { PasswordHasher } from '../auth/password-hasher.js';
import { UsersService } from '../users/users.service.js';

export type AdminOutcome = 'created' | 'promoted' | 'already-admin' | 'refused';

/** Platform admins without touching SQL: the CLI, and ADMIN_EMAIL at start-up. */
@Injectable()
export class AdminAccounts {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
  ) {}

  /**
   * For the operator at the command line: creates the admin, or promotes the existing
   * account with that email (its password stays as it is).
   */
  async createOrPromote(email: string, password: string, displayName = 'Beheerder'): Promise<AdminOutcome> {
    const existing = await this.users.findActiveByEmailWithPassword(email);
    if (existing) {
      if (existing.isAdmin) return 'already-admin';
      await this.users.promoteToAdmin(existing.id);
      return 'promoted';
    }
    return this.create(email, password, displayName);
  }

  /**
   * For ADMIN_EMAIL/ADMIN_PASSWORD at start-up. Emails are not verified, so anyone could
   * have registered that address: an existing account is promoted only when ADMIN_PASSWORD
   * is its password.
   */
  async ensureFromEnvironment(email: string, password: string): Promise<AdminOutcome> {
    const existing = await this.users.findActiveByEmailWithPassword(email);
    if (!existing) return this.create(email, password, 'Beheerder');
    if (existing.isAdmin) return 'already-admin';
    if (!existing.passwordHash || !(await this.passwords.verify(existing.passwordHash, password))) return 'refused';
    await this.users.promoteToAdmin(existing.id);
    return 'promoted';
  }

  private async create(email: string, password: string, displayName: string): Promise<AdminOutcome> {
    try {
      await this.users.create({ email, displayName, passwordHash: await this.passwords.hash(password), isAdmin: true, emailVerified: true });
      return 'created';
    } catch (error) {
      // Another api instance created it at the same moment.
      if (error instanceof DomainError && error.status === 409) return 'already-admin';
      throw error;
    }
  }
}
