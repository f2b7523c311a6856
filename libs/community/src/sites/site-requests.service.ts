import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ActivityLog, ActivityVerb, type AuthUser, decodeCursor, type Page, type PageQuery, pageSize, toPage } from '@kennisplein/core';
import { UsersService } from '@kennisplein/identity';
import { SiteErrors } from '../community.errors.js';
import { toMemberUser } from '../groups/member-user.js';
import { MembershipsService } from '../groups/memberships.service.js';
import { SiteAction } from '../policy/access-decisions.js';
import { AccessPolicy } from '../policy/access-policy.service.js';
import type { SiteAdmissionDto, SiteRequestDto } from './dto/site.dto.js';
import { SiteRequestsRepository } from './site-requests.repository.js';

/**
 * Who waits to be let into a closed deelsite: an invitation to one of its groups from
 * someone who is not its admin grants the group only once a site admin approves.
 */
@Injectable()
export class SiteRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
    private readonly requests: SiteRequestsRepository,
    private readonly activity: ActivityLog,
  ) {}

  /**
   * Someone who accepted an invitation waits to be let in (in the accepting transaction).
   * A new request tells the site's admins of the moment, by name: the fan-out and the
   * digest read who from the activity, not from community's tables.
   */
  async open(manager: EntityManager, request: { siteId: string; userId: string; groupId: string; inviteId: string }): Promise<void> {
    if (!(await this.requests.add(manager, request))) return;
    const site = await this.requests.siteOf(manager, request.siteId);
    await this.activity.record(
      {
        verb: ActivityVerb.SiteRequested,
        actorId: request.userId,
        groupId: null,
        siteId: request.siteId,
        objectType: 'site',
        objectId: request.siteId,
        recipientIds: site.adminIds,
        snapshot: { title: site.name, link: `/s/${site.slug}/settings#site-requests` },
      },
      manager,
    );
  }

  async list(caller: AuthUser, slug: string, query: PageQuery): Promise<Page<SiteRequestDto>> {
    const site = await this.policy.assertSite(caller, SiteAction.Manage, slug);
    const limit = pageSize(query);
    const after = query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : null;
    const requests = await this.requests.page(site.id, after, limit + 1);
    const users = await this.users.findPublicByIds(
      requests.flatMap((request) => (request.invitedBy ? [request.userId, request.invitedBy] : [request.userId])),
    );
    return toPage(
      requests,
      limit,
      (request) => [request.createdKey, request.userId],
      (request) => ({
        user: toMemberUser(request.userId, users),
        group: { id: request.groupId, name: request.groupName },
        invitedBy: request.invitedBy && users.has(request.invitedBy) ? toMemberUser(request.invitedBy, users) : null,
        requestedAt: request.createdAt,
      }),
    );
  }

  /** An invitation that admits: a site member at once, no request (in the accepting transaction). */
  async letIn(manager: EntityManager, siteId: string, userId: string): Promise<void> {
    await this.requests.admit(manager, siteId, userId);
  }

  /** Lets the person into the deelsite and into every group of it whose invitation they accepted meanwhile. */
  async approve(caller: AuthUser, slug: string, userId: string): Promise<SiteAdmissionDto> {
    const site = await this.policy.assertSite(caller, SiteAction.Manage, slug);
    return this.dataSource.transaction(async (manager) => {
      const request = await this.requests.take(manager, site.id, userId);
      if (!request) throw SiteErrors.request_not_found();
      const role = await this.requests.admit(manager, site.id, userId);
      const promised = new Set([request.groupId, ...(await this.requests.promisedGroups(manager, site.id, userId, request.createdAt))]);
      const groups = [];
      for (const groupId of promised) {
        groups.push({ groupId, userId, role: await this.memberships.addMember(groupId, userId, 'member', manager) });
      }
      // Told to who waited only, not in the group (its members hear that they joined).
      await this.activity.record(
        {
          verb: ActivityVerb.SiteRequestApproved,
          actorId: caller.id,
          groupId: null,
          siteId: site.id,
          objectType: 'site',
          objectId: site.id,
          recipientIds: [userId],
          snapshot: { title: (await this.requests.siteOf(manager, site.id)).name, link: `/groups/${request.groupId}`, group: request.groupName },
        },
        manager,
      );
      return { userId, role, groups };
    });
  }

  /** Nothing is granted and no one is told (as a rejected join request); the invitation stays spent. */
  async reject(caller: AuthUser, slug: string, userId: string): Promise<void> {
    const site = await this.policy.assertSite(caller, SiteAction.Manage, slug);
    if (!(await this.requests.take(this.dataSource.manager, site.id, userId))) throw SiteErrors.request_not_found();
  }
}
