import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  ActivityLog,
  AppConfig,
  type AuthUser,
  Mailer,
  RateLimiter,
  renderMail,
  quotedName,
} from '@kennisplein/core';
import { CommunityConfig } from '../community.config.js';
import { UsersService } from '@kennisplein/identity';
import { CommunityVerb } from '../community.activities.js';
import { InviteErrors } from '../community.errors.js';
import type { InviteCreatedDto } from '../groups/dto/group.dto.js';
import type { InviteAcceptedDto, InvitePreviewDto } from './dto/invite.dto.js';
import { MembershipsService } from '../groups/memberships.service.js';
import { GroupAction } from '../policy/access-decisions.js';
import { AccessPolicy } from '../policy/access-policy.service.js';
import { SiteRequestsService } from '../sites/site-requests.service.js';
import { InvitesRepository } from './invites.repository.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const DAY_MS = 86_400_000;

/** Invitations by email: an expiring, single-use token, sent by mail through the mail queue. */
@Injectable()
export class InvitesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly memberships: MembershipsService,
    private readonly users: UsersService,
    private readonly mailer: Mailer,
    private readonly rateLimiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly settings: CommunityConfig,
    private readonly activity: ActivityLog,
    private readonly siteRequests: SiteRequestsService,
    private readonly invites: InvitesRepository,
  ) {}

  async invite(caller: AuthUser, groupId: string, email: string): Promise<InviteCreatedDto> {
    const group = await this.policy.assertGroup(caller, GroupAction.Manage, groupId);
    // Invitations send mail to any address: a limit per inviter keeps them from being a spam relay.
    const limit = await this.rateLimiter.consume(`invites:${caller.id}`, this.settings.INVITES_PER_HOUR, 3600);
    if (!limit.allowed) {
      throw InviteErrors.rate_limited({ limit: this.settings.INVITES_PER_HOUR }, { retryAfterSeconds: limit.retryAfterSeconds });
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.settings.INVITE_TTL_DAYS * DAY_MS);
    // An invitee who has an account also hears of it in the platform (read before the transaction).
    const inviteeId = (await this.users.findActiveIdsByEmails([email])).get(email.toLowerCase());
    const inviteId = await this.dataSource.transaction(async (manager) => {
      const id = await this.invites.insert(manager, { groupId: group.id, email, tokenHash: sha256(token), invitedBy: caller.id, expiresAt });
      await this.activity.record(
        {
          verb: CommunityVerb.Invited,
          actorId: caller.id,
          groupId: group.id,
          objectType: 'invite',
          objectId: id,
          recipientIds: inviteeId ? [inviteeId] : [],
          snapshot: { title: group.name, link: `/groups/${group.id}` },
        },
        manager,
      );
      return id;
    });

    const inviter = (await this.users.findPublicByIds([caller.id])).get(caller.id)?.displayName ?? 'Kennisplein';
    const url = `${this.config.PUBLIC_URL}/invites/${token}`;
    const days = this.settings.INVITE_TTL_DAYS;
    await this.mailer.enqueue(
      {
        to: email,
        ...renderMail({
          // Names users chose stay out of the subject (attacker text there reads as ours): quoted, in the body only.
          subject: 'Uitnodiging voor een groep op Kennisplein / Invitation to a group on Kennisplein',
          paragraphs: [
            `Een gebruiker met de naam ${quotedName(inviter)} nodigt je uit voor de groep met de naam ${quotedName(group.name)} op Kennisplein. De uitnodiging is ${days} dagen geldig en werkt één keer.`,
            `A user named ${quotedName(inviter)} invites you to the group named ${quotedName(group.name)} on Kennisplein. The invitation is valid for ${days} days and works once.`,
          ],
          action: { label: 'Uitnodiging aannemen / Accept the invitation', url },
          footer: `Code / token: ${token}`,
        }),
      },
      `invite:${inviteId}`,
    );
    return { id: inviteId, token, email, expiresAt };
  }

  /** GET /invites/:token: the group an open invitation is for, and who sent it; a used or expired one answers why not. */
  async preview(token: string): Promise<InvitePreviewDto> {
    const invite = await this.invites.findByToken(sha256(token));
    if (!invite) throw InviteErrors.not_found();
    if (invite.acceptedAt) throw InviteErrors.used();
    if (invite.expiresAt <= new Date()) throw InviteErrors.expired();
    const inviter = invite.invitedBy ? (await this.users.findPublicByIds([invite.invitedBy])).get(invite.invitedBy) : undefined;
    return {
      groupId: invite.groupId,
      groupName: invite.groupName,
      invitedBy: inviter && !inviter.deleted ? inviter.displayName : null,
      expiresAt: invite.expiresAt,
    };
  }

  /**
   * Accepting makes the caller a member (and a member of the group's deelsite, without
   * which the group would stay out of sight). Into a closed deelsite (members-only, or
   * joined on request or invitation) only its admins let people in: an invitation from
   * anyone else, accepted by someone not yet in the site, becomes a site request instead
   * (pending), and the group is granted when a site admin approves it. The invitation is
   * for the address it was sent to: another account gets 403. Unknown token 404; used or
   * expired 410.
   */
  async accept(caller: AuthUser, token: string): Promise<{ pending: boolean; result: InviteAcceptedDto }> {
    const { email } = await this.users.getActive(caller.id);
    return this.dataSource.transaction(async (manager) => {
      const claimed = await this.invites.spend(manager, sha256(token), caller.id, email);
      if (!claimed) {
        const unspent = await this.invites.unspent(manager, sha256(token), email);
        if (!unspent) throw InviteErrors.not_found();
        if (!unspent.forCaller && !unspent.acceptedAt && unspent.expiresAt > new Date()) throw InviteErrors.other_address();
        throw unspent.acceptedAt ? InviteErrors.used() : InviteErrors.expired();
      }
      const groupId = claimed.groupId;
      const target = await this.invites.target(manager, groupId, caller.id);
      if (target.siteId && !target.inSite) {
        // The inviter's rights as they are now: one who stopped being a site admin lets no one in.
        const inviter = claimed.invitedBy ? await this.users.findActiveById(claimed.invitedBy) : null;
        const admitted = await this.policy.admits(inviter ? { id: inviter.id, isAdmin: inviter.isAdmin } : undefined, target.siteId, manager);
        if (!admitted) {
          await this.siteRequests.open(manager, { siteId: target.siteId, userId: caller.id, groupId, inviteId: claimed.id });
          return { pending: true, result: { groupId, userId: caller.id, status: 'pending' as const } };
        }
        await this.siteRequests.letIn(manager, target.siteId, caller.id);
      }
      const role = await this.memberships.addMember(groupId, caller.id, 'member', manager);
      return { pending: false, result: { groupId, userId: caller.id, role } };
    });
  }
}
