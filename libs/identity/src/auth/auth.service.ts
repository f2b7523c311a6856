import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AppConfig,
  type AuthUser,
  ErrorCode,
  RateLimiter,
  RequestAuthenticator,
  unauthenticated,
  legacyError,
} from '@kennisplein/core';
import { UsersService } from '../users/users.service.js';
import type { LoginDto, RegisterDto, SessionDto, TokenPairDto } from './dto/auth.dto.js';
import { PasswordHasher } from './password-hasher.js';
import { TokenService } from './token.service.js';

const INVALID_LOGIN = 'E-mailadres of wachtwoord klopt niet / Invalid email or password';

@Injectable()
export class AuthService extends RequestAuthenticator {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly rateLimiter: RateLimiter,
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super();
  }

  async register(input: RegisterDto): Promise<SessionDto> {
    const user = await this.users.create({
      email: input.email,
      displayName: input.displayName,
      passwordHash: await this.passwords.hash(input.password),
    });
    return { user: this.users.toProfile(user), ...(await this.tokens.issueForLogin(user.id)) };
  }

  /** Login, limited per email and per client IP (429 with Retry-After past the limit). */
  async login(input: LoginDto, clientIp: string): Promise<SessionDto> {
    const emailBucket = `login:email:${createHash('sha256').update(input.email.toLowerCase()).digest('hex')}`;
    const window = this.config.LOGIN_WINDOW_SECONDS;
    const [byIp, byEmail] = await Promise.all([
      this.rateLimiter.consume(`login:ip:${clientIp}`, this.config.LOGIN_MAX_ATTEMPTS_PER_IP, window),
      this.rateLimiter.consume(emailBucket, this.config.LOGIN_MAX_ATTEMPTS_PER_EMAIL, window),
    ]);
    if (!byIp.allowed || !byEmail.allowed) {
      const retryAfter = Math.max(byIp.retryAfterSeconds, byEmail.retryAfterSeconds);
      throw legacyError(
        ErrorCode.RateLimited,
        `Te veel inlogpogingen; probeer het over ${retryAfter} seconden opnieuw / Too many login attempts; try again in ${retryAfter} seconds`,
        retryAfter,
      );
    }

    const user = await this.users.findActiveByEmailWithPassword(input.email);
    const valid = user?.passwordHash
      ? await this.passwords.verify(user.passwordHash, input.password)
      : await this.passwords.verifyAgainstNothing(input.password);
    if (!user || !valid) throw unauthenticated(INVALID_LOGIN);

    await this.rateLimiter.reset(emailBucket);
    return { user: this.users.toProfile(user), ...(await this.tokens.issueForLogin(user.id)) };
  }

  refresh(refreshToken: string): Promise<TokenPairDto> {
    return this.tokens.rotate(refreshToken, async (userId) => (await this.users.findActiveById(userId)) !== null);
  }

  logout(refreshToken: string): Promise<void> {
    return this.tokens.revoke(refreshToken);
  }

  /**
   * The caller of an access token: a valid signature, an account that is not deleted,
   * and a login that was not logged out or revoked. One query.
   */
  async authenticate(accessToken: string): Promise<AuthUser | null> {
    const claims = this.tokens.verifyAccessToken(accessToken);
    if (!claims) return null;
    const rows: { id: string; is_admin: boolean }[] = await this.dataSource.query(
      `SELECT u.id, u.is_admin FROM users u
        WHERE u.id = $1 AND u.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $2 AND t.revoked_at IS NOT NULL)`,
      [claims.sub, claims.fam],
    );
    const row = rows[0];
    return row ? { id: row.id, isAdmin: row.is_admin } : null;
  }
}
