import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainEvents } from '@kennisplein/core';
import { SessionErrors } from '../identity.errors.js';
import { type RefreshToken, RefreshTokensRepository, type SessionCaller } from './refresh-tokens.repository.js';
import { IdentityConfig } from '../identity.config.js';

/** A login's tokens as issued: where the refresh token goes (the answer or a cookie) is the controller's choice. */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
}

export interface AccessTokenClaims {
  sub: string;
  /** The refresh-token family (the login) this access token belongs to. */
  fam: string;
}

const DAY_MS = 86_400_000;
/** Expired tokens are kept this long before the purge job removes them. */
const PURGE_AFTER_MS = 7 * DAY_MS;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Access tokens are short-lived JWTs; refresh tokens are `<id>.<secret>`, stored as a
 * sha256 of the secret, spent on use and rotated within their family.
 */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: IdentityConfig,
    private readonly tokens: RefreshTokensRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
  ) {}

  /** A new login: a new family. */
  issueForLogin(userId: string): Promise<IssuedTokens> {
    const sessionExpiresAt = new Date(Date.now() + this.config.SESSION_MAX_DAYS * DAY_MS);
    return this.issue({ userId, familyId: randomUUID(), sessionExpiresAt });
  }

  /**
   * Spends a refresh token and issues the next one of its family. A token that was
   * already spent was stolen or replayed: the whole family is revoked.
   */
  async rotate(presented: string, isUserActive: (userId: string) => Promise<boolean>): Promise<IssuedTokens> {
    const token = await this.find(presented);
    if (!token || token.revokedAt || token.expiresAt.getTime() <= Date.now() || (await this.isFamilyRevoked(token.familyId))) {
      throw SessionErrors.refresh_invalid();
    }
    if (token.usedAt) {
      await this.revokeFamily(token.familyId);
      throw SessionErrors.refresh_reused();
    }
    if (!(await isUserActive(token.userId))) throw SessionErrors.refresh_invalid();

    const pair = await this.dataSource.transaction(async (manager) => {
      // Spending is a conditional update so that two concurrent refreshes cannot both win.
      if (!(await this.tokens.spend(manager, token.id))) return null;
      return this.issue(token, manager);
    });
    if (!pair) {
      // Lost to a logout (revoked) or to a concurrent refresh with the same token (reuse).
      if (await this.isFamilyRevoked(token.familyId)) throw SessionErrors.refresh_invalid();
      await this.revokeFamily(token.familyId);
      throw SessionErrors.refresh_reused();
    }
    return pair;
  }

  /** Logout: the family of this token ends; unknown tokens are ignored. */
  async revoke(presented: string): Promise<void> {
    const token = await this.find(presented);
    if (token) await this.revokeFamily(token.familyId);
  }

  /** Every login of the account ends (a password reset), or every other one (a password change). */
  async revokeAllForUser(userId: string, exceptFamilyId?: string): Promise<void> {
    this.announceRevoked(await this.tokens.revokeAllForUser(userId, exceptFamilyId ?? null));
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.tokens.revokeFamily(familyId);
    // Also when it was revoked already: a socket that connected meanwhile ends too.
    this.announceRevoked([familyId]);
  }

  /** After the commit: the sessions' sockets are disconnected (the gateways listen). */
  private announceRevoked(familyIds: string[]): void {
    if (familyIds.length > 0) this.events.emit('sessions.revoked', { familyIds });
  }

  /**
   * A login with one revoked token is over: this also catches a token issued by a
   * refresh that raced a logout.
   */
  private isFamilyRevoked(familyId: string): Promise<boolean> {
    return this.tokens.isFamilyRevoked(familyId);
  }

  verifyAccessToken(accessToken: string): AccessTokenClaims | null {
    try {
      const claims = this.jwt.verify<AccessTokenClaims & { exp?: unknown }>(accessToken);
      // jsonwebtoken accepts a token without `exp` as never expiring: ours always carry one.
      return typeof claims.sub === 'string' && typeof claims.fam === 'string' && typeof claims.exp === 'number' ? claims : null;
    } catch {
      return null;
    }
  }

  /** The active account of an access token's login, unless that login was revoked. */
  findCaller(claims: AccessTokenClaims): Promise<SessionCaller | null> {
    return this.tokens.findCaller(claims.sub, claims.fam);
  }

  /** Sessions of a user, for the data export. */
  listForUser(userId: string): Promise<RefreshToken[]> {
    return this.tokens.listForUser(userId);
  }

  purgeExpired(): Promise<number> {
    return this.tokens.deleteExpiredBefore(new Date(Date.now() - PURGE_AFTER_MS));
  }

  /** Account deletion: its logins go. */
  eraseFor(userId: string, manager: EntityManager): Promise<void> {
    return this.tokens.eraseFor(manager, userId);
  }

  private async issue(
    { userId, familyId, sessionExpiresAt }: Pick<RefreshToken, 'userId' | 'familyId' | 'sessionExpiresAt'>,
    manager?: EntityManager,
  ): Promise<IssuedTokens> {
    const secret = randomBytes(32).toString('base64url');
    const refreshExpiry = Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * DAY_MS;
    const id = await this.tokens.insert(
      { userId, familyId, sessionExpiresAt, tokenHash: sha256(secret), expiresAt: new Date(Math.min(refreshExpiry, sessionExpiresAt.getTime())) },
      manager,
    );
    const claims: AccessTokenClaims = { sub: userId, fam: familyId };
    return { accessToken: this.jwt.sign(claims), refreshToken: `${id}.${secret}` };
  }

  private async find(presented: string): Promise<RefreshToken | null> {
    const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/.exec(presented);
    if (!match) return null;
    const [, id, secret] = match;
    const token = await this.tokens.findById(id);
    if (!token) return null;
    const expected = Buffer.from(token.tokenHash, 'hex');
    const actual = Buffer.from(sha256(secret), 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual) ? token : null;
  }
}
