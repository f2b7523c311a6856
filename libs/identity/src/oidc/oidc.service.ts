import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isEmail } from 'class-validator';
import * as oidc from 'openid-client';
import { DataSource } from 'typeorm';
import { API_PREFIX, AppConfig, DomainError } from '@kennisplein/core';
import { IdentityConfig } from '../identity.config.js';
import { TokenService } from '../auth/token.service.js';
import { SessionErrors } from '../identity.errors.js';
import { UsersService } from '../users/users.service.js';
import type { ProvidersDto } from './dto/providers.dto.js';
import { type Claims, claimText, displayNameFromClaims } from './oidc-claims.js';
import type { OidcFlow } from './oidc-flow-cookie.js';
import { safeReturnTo } from './return-to.js';
import { UserIdentitiesRepository } from './user-identities.repository.js';

export const OIDC_START_PATH = `/${API_PREFIX}/auth/oidc/start`;
export const OIDC_CALLBACK_PATH = `/${API_PREFIX}/auth/oidc/callback`;

const SCOPE = 'openid email profile';
/** Seconds the api waits for the provider (discovery, token, userinfo). */
const PROVIDER_TIMEOUT_SECONDS = 10;
/** OpenID Connect Core: `sub` is at most 255 ASCII characters. */
const MAX_SUBJECT_LENGTH = 255;
const MAX_EMAIL_LENGTH = 254;

/** The session of a finished sign-in and where the browser goes next. */
export interface OidcSignIn {
  userId: string;
  refreshToken: string;
  redirectTo: string;
}

/** A provider's error code is shown in the message: only a plain token, never text of its choosing. */
const reasonOf = (code: unknown): string => (typeof code === 'string' && /^[a-z0-9_.-]{1,64}$/i.test(code) ? code : 'provider_error');

/**
 * Institution sign-in over OpenID Connect (SURFconext, eduID): the authorization code
 * flow with PKCE (S256), state and nonce, against the issuer of OIDC_ISSUER. The
 * issuer's metadata is discovered on first use and kept, so the api starts while the
 * provider is down. An identity (issuer + sub) is linked to an account only through an
 * email address the provider says is verified.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger('OIDC');
  private discovered?: Promise<oidc.Configuration>;
  private readonly publicBase: string;
  private readonly redirectUri: string;

  constructor(
    private readonly config: AppConfig,
    private readonly settings: IdentityConfig,
    private readonly users: UsersService,
    private readonly tokens: TokenService,
    private readonly identities: UserIdentitiesRepository,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.publicBase = config.PUBLIC_URL.replace(/\/+$/, '');
    this.redirectUri = `${this.publicBase}${OIDC_CALLBACK_PATH}`;
  }

  providers(): ProvidersDto {
    return {
      password: true,
      oidc: this.settings.OIDC_ISSUER === undefined ? null : { name: this.settings.OIDC_NAME, startUrl: OIDC_START_PATH },
    };
  }

  /** Begins a sign-in: the provider's URL to send the browser to, and the flow its cookie keeps. */
  async start(returnTo: unknown): Promise<{ url: string; flow: OidcFlow }> {
    const configuration = await this.configuration();
    const flow: OidcFlow = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      returnTo: safeReturnTo(returnTo),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: SCOPE,
      state: flow.state,
      nonce: flow.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(flow.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, flow };
  }

  /**
   * Finishes a sign-in: checks the provider's answer against the flow this browser
   * started, exchanges the code, finds or links or creates the account and logs it in.
   */
  async finish(query: URLSearchParams, flow: OidcFlow | null): Promise<OidcSignIn> {
    const configuration = await this.configuration();
    if (!flow || query.get('state') !== flow.state) throw SessionErrors.oidc_state_invalid();
    const issuer = configuration.serverMetadata().issuer;
    const claims = await this.claimsOf(configuration, new URL(`${this.redirectUri}?${query.toString()}`), flow);
    const userId = await this.accountFor(issuer, claims);
    const { refreshToken } = await this.tokens.issueForLogin(userId);
    return { userId, refreshToken, redirectTo: `${this.publicBase}${flow.returnTo}` };
  }

  /** The issuer's metadata, discovered once; a failed discovery is tried again on the next sign-in. */
  private configuration(): Promise<oidc.Configuration> {
    const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: secret } = this.settings;
    if (issuer === undefined || clientId === undefined || secret === undefined) throw SessionErrors.provider_unknown();
    const server = new URL(issuer);
    // Plain http only for a provider on a developer's machine or in a test, never in production.
    const insecure = server.protocol === 'http:' && !this.config.isProduction;
    this.discovered ??= oidc
      .discovery(server, clientId, secret, oidc.ClientSecretBasic(secret), {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        execute: insecure ? [oidc.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        this.discovered = undefined;
        this.logger.warn(`discovery of ${issuer} failed: ${describe(error)}`);
        throw SessionErrors.oidc_unavailable();
      });
    return this.discovered;
  }

  /** The claims of the ID token, completed by the userinfo endpoint when the provider has one. */
  private async claimsOf(configuration: oidc.Configuration, callbackUrl: URL, flow: OidcFlow): Promise<Claims> {
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: flow.codeVerifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw SessionErrors.oidc_failed({ reason: 'id_token_missing' });
      if (!configuration.serverMetadata().userinfo_endpoint) return { ...idToken };
      // Many providers (SURFconext among them) put email and name in userinfo only; its sub must be the ID token's.
      const userinfo = await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
      return { ...idToken, ...userinfo, sub: idToken.sub };
    } catch (error) {
      throw this.failure(error);
    }
  }

  /** An error of the exchange as a coded answer: the details go to the log, never to the client. */
  private failure(error: unknown): DomainError {
    if (error instanceof DomainError) return error;
    this.logger.warn(`sign-in at ${this.settings.OIDC_ISSUER} failed: ${describe(error)}`);
    // The provider's own answer: the person declined (access_denied), a spent code (invalid_grant), …
    if (error instanceof oidc.AuthorizationResponseError || error instanceof oidc.ResponseBodyError) {
      return SessionErrors.oidc_failed({ reason: reasonOf(error.error) });
    }
    if (error instanceof oidc.ClientError) {
      if (error.code === 'OAUTH_TIMEOUT' || error.code === 'OAUTH_ABORT') return SessionErrors.oidc_unavailable();
      // An ID token issued for another sign-in than the one this browser started.
      if (error.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && comparedClaim(error) === 'nonce') return SessionErrors.oidc_state_invalid();
      return SessionErrors.oidc_failed({ reason: reasonOf(error.code?.replace(/^OAUTH_/, '').toLowerCase()) });
    }
    // fetch rejects with a TypeError when the provider cannot be reached.
    if (error instanceof TypeError && !('code' in error)) return SessionErrors.oidc_unavailable();
    return SessionErrors.oidc_failed({ reason: 'provider_error' });
  }

  /**
   * The account of these claims: the one the identity is linked to; else, through an
   * email the provider says is verified, the account with that address (linked now) or
   * a new one. An unverified email is never linked.
   */
  private async accountFor(issuer: string, claims: Claims): Promise<string> {
    const subject = claims.sub;
    if (typeof subject !== 'string' || subject.length === 0 || subject.length > MAX_SUBJECT_LENGTH) {
      throw SessionErrors.oidc_failed({ reason: 'subject_invalid' });
    }
    const linked = await this.identities.findActiveUserId(issuer, subject);
    if (linked) return linked;

    const email = claimText(claims.email);
    if (!email || email.length > MAX_EMAIL_LENGTH || !isEmail(email)) throw SessionErrors.oidc_failed({ reason: 'email_missing' });
    if (claims.email_verified !== true) throw SessionErrors.oidc_email_unverified();
    return this.linkByEmail(issuer, subject, email, displayNameFromClaims(claims, email));
  }

  private async linkByEmail(issuer: string, subject: string, email: string, displayName: string, retried = false): Promise<string> {
    const existing = await this.users.findActiveByEmail(email);
    if (existing) return this.linkExisting(existing.id, existing.email, issuer, subject);
    try {
      const user = await this.users.create({ email, displayName, passwordHash: null, emailVerified: true });
      return await this.identities.link(user.id, issuer, subject);
    } catch (error) {
      // A concurrent sign-in or registration made the account first: link that one.
      if (!retried && error instanceof DomainError && error.status === 409) return this.linkByEmail(issuer, subject, email, displayName, true);
      throw error;
    }
  }

  /**
   * Links an existing account. If its address was never proved, someone may have
   * registered it who does not own it: the institution's verified claim wins. The
   * account becomes verified, loses its password (which that someone may have chosen)
   * and every session.
   */
  private async linkExisting(userId: string, email: string, issuer: string, subject: string): Promise<string> {
    const { linkedTo, takenOver } = await this.dataSource.transaction(async (manager) => {
      const linkedTo = await this.identities.link(userId, issuer, subject, manager);
      const applied = linkedTo === userId ? await this.users.applyVerifiedEmail(userId, email, manager) : null;
      const takenOver = applied?.newlyVerified ?? false;
      if (takenOver) await this.users.removePassword(userId, manager);
      return { linkedTo, takenOver };
    });
    if (takenOver) {
      // After the commit: the libs above link the authorships of the address now proved.
      this.users.announceVerified(userId, email);
      await this.tokens.revokeAllForUser(userId);
    }
    return linkedTo;
  }
}

/** Which claim a failed comparison was about (oauth4webapi puts it on the cause). */
function comparedClaim(error: oidc.ClientError): unknown {
  const cause = error.cause as { cause?: { claim?: unknown } } | undefined;
  return cause?.cause?.claim;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.name} ${error.message}${cause}`;
}
