import { Injectable, Logger } from '@nestjs/common';
import { type AuthUser, RateLimiter, RequestAuthenticator } from '@kennisplein/core';
import { AccountService } from '../account/account.service.js';
import { SessionErrors } from '../identity.errors.js';
import { UsersService } from '../users/users.service.js';
import type { LoginDto, RegisterDto } from './dto/auth.dto.js';
import type { UserProfileDto } from '../users/dto/user-profile.dto.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordHasher } from './password-hasher.js';
import { type IssuedTokens, TokenService } from './token.service.js';
import { IdentityConfig } from '../identity.config.js';

export interface Session extends IssuedTokens {
  user: UserProfileDto;
}

@Injectable()
export class AuthService extends RequestAuthenticator {
  private readonly logger = new Logger('AuthService');

  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly account: AccountService,
    private readonly throttle: LoginThrottle,
    private readonly rateLimiter: RateLimiter,
    private readonly config: IdentityConfig,
  ) {
    super();
  }

  /** A new account, logged in at once; its address is verified by the link mailed to it. Limited per client IP. */
  async register(input: RegisterDto, clientIp: string): Promise<Session> {
    const limit = await this.rateLimiter.consume(`register:ip:${clientIp}`, this.config.REGISTER_MAX_PER_IP, this.config.REGISTER_WINDOW_SECONDS);
    if (!limit.allowed) {
      throw SessionErrors.too_many_registrations({ seconds: limit.retryAfterSeconds }, { retryAfterSeconds: limit.retryAfterSeconds });
    }
    const user = await this.users.create({
      email: input.email,
      displayName: input.displayName,
      passwordHash: await this.passwords.hash(input.password),
    });
    // The account stands even when the mail cannot be queued now: "send again" asks anew.
    await this.account.sendVerification(user, user.email).catch((error: unknown) => {
      this.logger.error(`verification mail for ${user.id} not queued: ${String(error)}`);
    });
    return { user: this.users.toProfile(user), ...(await this.tokens.issueForLogin(user.id)) };
  }

  /** Login, throttled per address and client IP, per IP and per address (LoginThrottle): 429 with Retry-After. */
  async login(input: LoginDto, clientIp: string): Promise<Session> {
    const attempt = await this.throttle.begin(input.email, clientIp);
    const user = await this.users.findActiveByEmailWithPassword(input.email);
    const valid = user?.passwordHash
      ? await this.passwords.verify(user.passwordHash, input.password)
      : await this.passwords.verifyAgainstNothing(input.password);
    if (!user || !valid) {
      await this.throttle.failed(attempt);
      throw SessionErrors.invalid_credentials();
    }
    await this.throttle.succeeded(attempt);
    return { user: this.users.toProfile(user), ...(await this.tokens.issueForLogin(user.id)) };
  }

  refresh(refreshToken: string): Promise<IssuedTokens> {
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
    const caller = await this.tokens.findCaller(claims);
    return caller ? { ...caller, sessionId: claims.fam } : null;
  }
}
