import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  ActivityLog,
  ActivityVerb,
  AppConfig,
  type AuthUser,
  Mailer,
  RateLimiter,
  renderMail,
  quotedName,
  returnedRows,
} from '@kennisplein/core';
import { CommunityConfig } from '../community.config.js';
import { UsersService } from '@kennisplein/identity';
import { InviteErrors } from '../community.errors.js';
import type { InviteCreatedDto } from '../groups/dto/group.dto.js';
import type { InviteAcceptedDto, InvitePreviewDto } from './dto/invite.dto.js';
import { MembershipsService } from '../groups/memberships.service.js';
import { GroupAction } from '../policy/access-decisions.js';
import { AccessPolicy } from '../policy/access-policy.service.js';
import { SiteRequestsService } from '../sites/site-requests.service.js';

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
    const invite = await this.dataSource.transaction(async (manager) => {
      const [created] = await manager.query<{ id: string }[]>(
        `INSERT INTO group_invites (group_id, email, token_hash, invited_by, expires_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [group.id, email, sha256(token), caller.id, expiresAt],
      );
      await this.activity.record(
        {
          verb: ActivityVerb.Invited,
          actorId: caller.id,
          groupId: group.id,
          objectType: 'invite',
          objectId: created.id,
          recipientIds: inviteeId ? [inviteeId] : [],
          snapshot: { title: group.name, link: `/groups/${group.id}` },
        },
        manager,
      );
      return created;
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
      `invite:${invite.id}`,
    );
    return { id: invite.id, token, email, expiresAt };
  }

  /** GET /invites/:token: the group an open invitation is for, and who sent it; a used or expired one answers why not. */
  async preview(token: string): Promise<InvitePreviewDto> {
    const [row] = await this.dataSource.query<
      { group_id: string; group_name: string; invited_by: string | null; accepted_at: Date | null; expires_at: Date }[]
    >(
      `SELECT gi.group_id, g.name AS group_name, gi.invited_by, gi.accepted_at, gi.expires_at
         FROM group_invites gi JOIN groups g ON g.id = gi.group_id WHERE gi.token_hash = $1`,
      [sha256(token)],
    );
    if (!row) throw InviteErrors.not_found();
    if (row.accepted_at) throw InviteErrors.used();
    if (row.expires_at <= new Date()) throw InviteErrors.expired();
    const inviter = row.invited_by ? (await this.users.findPublicByIds([row.invited_by])).get(row.invited_by) : undefined;
    return { groupId: row.group_id, groupName: row.group_name, invitedBy: inviter && !inviter.deleted ? inviter.displayName : null, expiresAt: row.expires_at };
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
      // Spending is a conditional update: of two concurrent accepts, one wins.
      const [claimed] = returnedRows<{ id: string; group_id: string; invited_by: string | null }>(
        await manager.query(
          `UPDATE group_invites SET accepted_at = now(), accepted_by = $2
            WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > now() AND lower(email) = lower($3)
            RETURNING id, group_id, invited_by`,
          [sha256(token), caller.id, email],
        ),
      );
      if (!claimed) {
        const rows: { accepted_at: Date | null; expires_at: Date; for_caller: boolean }[] = await manager.query(
          `SELECT accepted_at, expires_at, lower(email) = lower($2) AS for_caller FROM group_invites WHERE token_hash = $1`,
          [sha256(token), email],
        );
        if (rows.length === 0) throw InviteErrors.not_found();
        if (!rows[0].for_caller && !rows[0].accepted_at && rows[0].expires_at > new Date()) throw InviteErrors.other_address();
        throw rows[0].accepted_at ? InviteErrors.used() : InviteErrors.expired();
      }
      const groupId = claimed.group_id;
      const [target] = await manager.query<{ site_id: string | null; in_site: boolean }[]>(
        `SELECT g.site_id, EXISTS (SELECT 1 FROM deelsite_members sm WHERE sm.site_id = g.site_id AND sm.user_id = $2) AS in_site
           FROM groups g WHERE g.id = $1`,
        [groupId, caller.id],
      );
      if (target.site_id && !target.in_site) {
        // The inviter's rights as they are now: one who stopped being a site admin lets no one in.
        const inviter = claimed.invited_by ? await this.users.findActiveById(claimed.invited_by) : null;
        const admitted = await this.policy.admits(inviter ? { id: inviter.id, isAdmin: inviter.isAdmin } : undefined, target.site_id, manager);
        if (!admitted) {
          await this.siteRequests.open(manager, { siteId: target.site_id, userId: caller.id, groupId, inviteId: claimed.id });
          return { pending: true, result: { groupId, userId: caller.id, status: 'pending' as const } };
        }
        await this.siteRequests.letIn(manager, target.site_id, caller.id);
      }
      const role = await this.memberships.addMember(groupId, caller.id, 'member', manager);
      return { pending: false, result: { groupId, userId: caller.id, role } };
    });
  }
}
