import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig, type AuthUser, CommonErrors, JobQueue, Mailer, RateLimiter } from '@kennisplein/core';
import { IdentityConfig } from '../identity.config.js';
import { IdentityJob } from '../identity.jobs.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { TokenService } from '../auth/token.service.js';
import { AccountErrors, MailTokenErrors, SessionErrors } from '../identity.errors.js';
import type { UserProfileDto } from '../users/dto/user-profile.dto.js';
import type { User } from '../users/user.js';
import { UsersService } from '../users/users.service.js';
import { emailChangeNoticeMail, passwordChangedMail, passwordResetMail, verificationMail } from './account-mails.js';
import { AccountTokensRepository } from './account-tokens.repository.js';

const HOUR_MS = 3_600_000;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * What keeps an account in its owner's hands: the verification of its address, a new
 * password by mail, a password change and an email change. Every link is a single-use,
 * expiring token stored hashed; a new password ends the other sessions.
 */
@Injectable()
export class AccountService {
  private readonly logger = new Logger('AccountService');

  constructor(
    private readonly users: UsersService,
    private readonly accountTokens: AccountTokensRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly mailer: Mailer,
    private readonly jobs: JobQueue,
    private readonly rateLimiter: RateLimiter,
    private readonly loginThrottle: LoginThrottle,
    private readonly config: AppConfig,
    private readonly settings: IdentityConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Mails a verification link for `email` (the account's own, or the new one it asked for). */
  async sendVerification(user: User, email: string): Promise<void> {
    const hours = this.settings.EMAIL_VERIFICATION_TTL_HOURS;
    const { id, token } = await this.accountTokens.create(user.id, 'verify_email', email, hours * HOUR_MS);
    const url = this.link('verify-email', token);
    const isChange = email.toLowerCase() !== user.email.toLowerCase();
    await this.mailer.enqueue({ to: email, ...verificationMail({ ...user, url, hours, isChange }) }, `verify:${id}`);
  }

  /** POST /auth/verify-email: the address of the token is verified (a pending new address takes effect). */
  async verifyEmail(token: string): Promise<UserProfileDto> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const spent = await this.accountTokens.spend(manager, token, 'verify_email');
      const applied = await this.users.applyVerifiedEmail(spent.userId, spent.email, manager);
      return applied && { ...applied, userId: spent.userId, email: spent.email };
    });
    if (!outcome) throw AccountErrors.not_found();
    if (outcome.newlyVerified) this.users.announceVerified(outcome.userId, outcome.email);
    return this.users.toProfile(await this.users.getActive(outcome.userId));
  }

  /** POST /auth/verify-email/resend: a new link to the address waiting for it, a few per hour. */
  async resendVerification(caller: AuthUser): Promise<void> {
    const user = await this.users.getActive(caller.id);
    const target = user.pendingEmail ?? (user.emailVerifiedAt ? null : user.email);
    if (!target) throw AccountErrors.already_verified();
    await this.consumeMailAllowance(`account-mail:${user.id}`, true);
    await this.sendVerification(user, target);
  }

  /**
   * POST /auth/password/forgot: the answer is the same whether or not the address has an
   * account, and takes the same time: only a job is enqueued here; the worker looks the
   * address up (see sendPasswordReset).
   */
  async requestPasswordReset(email: string, clientIp: string): Promise<void> {
    await this.limitPerIp('forgot', clientIp);
    const minute = Math.floor(Date.now() / 60_000);
    // One job per address and minute: a burst of requests sends one mail.
    await this.jobs.enqueue(IdentityJob.SendPasswordReset, { email }, { jobId: `password-reset:${sha256(email.toLowerCase())}:${minute}`, removeOnComplete: true, removeOnFail: true });
  }

  /** The worker's half of a reset request: a 30-minute link to a known address; nothing (in the same time) otherwise. */
  async sendPasswordReset(email: string): Promise<void> {
    // Nobody waits for this job: an unknown address needs no dummy work to hide it.
    const user = await this.users.findActiveByEmail(email);
    if (!user) return;
    // Past the hourly allowance (mail bombing), a request is dropped silently (the answer
    // was 202 already), unless none of the links sent is still valid: then a stranger's
    // requests can never keep the owner from a working link.
    const allowed = await this.consumeMailAllowance(`reset-mail:${user.id}`, false);
    if (!allowed && (await this.accountTokens.hasOpen(user.id, 'reset_password'))) return;
    const minutes = this.settings.PASSWORD_RESET_TTL_MINUTES;
    const { id, token } = await this.accountTokens.create(user.id, 'reset_password', user.email, minutes * 60_000);
    await this.mailer.enqueue({ to: user.email, ...passwordResetMail({ ...user, url: this.link('reset-password', token), minutes }) }, `reset:${id}`);
  }

  /**
   * POST /auth/password/reset: the new password is set, every session of the account
   * ends (a stolen refresh token too), older reset links and a pending email change
   * lapse, and the owner is told by mail. The mail proved the address: it counts as verified.
   */
  async resetPassword(token: string, password: string, clientIp: string): Promise<UserProfileDto> {
    await this.limitPerIp('reset', clientIp);
    const outcome = await this.dataSource.transaction(async (manager) => {
      // The token first: no password is hashed for a request that carries no valid one.
      const spent = await this.accountTokens.spend(manager, token, 'reset_password');
      const user = await this.users.findActiveById(spent.userId, manager);
      // A reset mailed to an address the account no longer has proves nothing.
      if (!user || user.email.toLowerCase() !== spent.email.toLowerCase()) throw MailTokenErrors.invalid();
      await this.users.setPassword(user.id, await this.passwords.hash(password), { cancelPendingEmail: true }, manager);
      await this.endOpenLinks(user.id, manager);
      const applied = await this.users.applyVerifiedEmail(user.id, user.email, manager);
      return { user, newlyVerified: applied?.newlyVerified ?? false };
    });
    const { user } = outcome;
    await this.tokens.revokeAllForUser(user.id);
    await this.loginThrottle.clearAddress(user.email);
    if (outcome.newlyVerified) this.users.announceVerified(user.id, user.email);
    await this.tellPasswordChanged(user);
    return this.users.toProfile(await this.users.getActive(user.id));
  }

  /**
   * POST /me/password: the current password first (confirmPassword). The other sessions
   * end, and so do a pending email change and every mailed link.
   */
  async changePassword(caller: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.confirmPassword(caller, currentPassword);
    const passwordHash = await this.passwords.hash(newPassword);
    // A new password also ends an email change and mailed links someone else may have started.
    await this.dataSource.transaction(async (manager) => {
      await this.users.setPassword(user.id, passwordHash, { cancelPendingEmail: true }, manager);
      await this.endOpenLinks(user.id, manager);
    });
    await this.tokens.revokeAllForUser(user.id, caller.sessionId);
    await this.tellPasswordChanged(user);
  }

  /**
   * PATCH /me {email}: the new address takes effect once its link is followed; the old
   * address is told at once, so its owner can stop a change they did not ask for.
   */
  async requestEmailChange(caller: AuthUser, email: string, currentPassword: string | undefined): Promise<void> {
    const user = await this.users.getActive(caller.id);
    if (email.toLowerCase() === user.email.toLowerCase()) {
      if (user.pendingEmail) await this.users.setPendingEmail(user.id, null);
      return;
    }
    // A stolen access token alone must not move the account to another address (and so to
    // another owner through a reset): the password is asked again.
    if (currentPassword === undefined) throw AccountErrors.password_required();
    await this.confirmPassword(caller, currentPassword);
    // The allowance before the lookup, so this is no unlimited way to test which addresses have accounts.
    await this.consumeMailAllowance(`account-mail:${user.id}`, true);
    if (await this.users.isEmailTaken(email, user.id)) throw AccountErrors.email_taken();
    await this.users.setPendingEmail(user.id, email);
    await this.sendVerification(user, email);
    const notice = emailChangeNoticeMail({ ...user, newEmail: email, resetUrl: this.link('forgot-password') });
    await this.mailer.enqueue({ to: user.email, ...notice }, `email-change:${user.id}:${sha256(email.toLowerCase())}:${Date.now()}`);
  }

  /**
   * The caller's own password, asked again before a change that matters. Wrong ones count
   * against a limit of the account's own (LOGIN_MAX_ATTEMPTS_PER_EMAIL per window): a
   * stolen access token gives no way to guess the password, nor to lock the owner's login.
   */
  private async confirmPassword(caller: AuthUser, currentPassword: string): Promise<User & { passwordHash: string }> {
    const user = await this.users.findActiveByIdWithPassword(caller.id);
    if (!user) throw AccountErrors.not_found();
    if (!user.passwordHash) throw AccountErrors.no_password();
    // Counted before the check (parallel guesses count too); the right password starts afresh.
    const bucket = `password-confirm:${user.id}`;
    const attempt = await this.rateLimiter.consume(bucket, this.settings.LOGIN_MAX_ATTEMPTS_PER_EMAIL, this.settings.LOGIN_WINDOW_SECONDS);
    if (!attempt.allowed) {
      throw SessionErrors.too_many_attempts({ seconds: attempt.retryAfterSeconds }, { retryAfterSeconds: attempt.retryAfterSeconds });
    }
    if (!(await this.passwords.verify(user.passwordHash, currentPassword))) throw AccountErrors.wrong_password();
    await this.rateLimiter.reset(bucket);
    return user as User & { passwordHash: string };
  }

  /** Every mailed link of the account that is still open ends (a new password was set). */
  private async endOpenLinks(userId: string, manager: EntityManager): Promise<void> {
    await this.accountTokens.spendAllOf(manager, userId, 'reset_password');
    await this.accountTokens.spendAllOf(manager, userId, 'verify_email');
  }

  /** Anonymous forgot and reset requests per client IP: the login's IP limit and window. */
  private async limitPerIp(action: 'forgot' | 'reset', clientIp: string): Promise<void> {
    const limit = await this.rateLimiter.consume(`${action}:ip:${clientIp}`, this.settings.LOGIN_MAX_ATTEMPTS_PER_IP, this.settings.LOGIN_WINDOW_SECONDS);
    if (!limit.allowed) throw CommonErrors.too_many_requests({ seconds: limit.retryAfterSeconds }, { retryAfterSeconds: limit.retryAfterSeconds });
  }

  private async tellPasswordChanged(user: User): Promise<void> {
    const mail = passwordChangedMail({ ...user, resetUrl: this.link('forgot-password') });
    await this.mailer.enqueue({ to: user.email, ...mail }, `password-changed:${user.id}:${Date.now()}`);
  }

  /** Mails with links per account and hour: answers whether one more may go; refuses with 429 when asked to. */
  private async consumeMailAllowance(bucket: string, refuse: boolean): Promise<boolean> {
    const result = await this.rateLimiter.consume(bucket, this.settings.ACCOUNT_MAILS_PER_HOUR, 3600);
    if (result.allowed) return true;
    if (refuse) throw AccountErrors.too_many_mails({ seconds: result.retryAfterSeconds }, { retryAfterSeconds: result.retryAfterSeconds });
    this.logger.warn('a password reset was asked for too often within the hour; no mail sent');
    return false;
  }

  /** A page of the web client, with the token in the fragment-free query. */
  private link(page: string, token?: string): string {
    const url = new URL(`/${page}`, this.config.PUBLIC_URL);
    if (token) url.searchParams.set('token', token);
    return url.toString();
  }
}
