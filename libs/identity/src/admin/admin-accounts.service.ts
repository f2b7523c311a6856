import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '../auth/password-hasher.js';
import { UsersService } from '../users/users.service.js';

/** Platform admins without touching SQL: used by the CLI and by ADMIN_EMAIL at start-up. */
@Injectable()
export class AdminAccounts {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
  ) {}

  async createOrPromote(email: string, password: string, displayName = 'Beheerder'): Promise<{ created: boolean; userId: string }> {
    const { user, created } = await this.users.createOrPromoteAdmin({
      email,
      displayName,
      passwordHash: await this.passwords.hash(password),
    });
    return { created, userId: user.id };
  }
}
