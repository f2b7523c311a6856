import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigurableFeature } from '@kennisplein/core';
import { IdentityModule } from '@kennisplein/identity';
import { CommunityConfig } from './community.config.js';
import { CommunityPersonalData } from './community-personal-data.js';
import { PeoplePages } from './people-page.js';
import { Group, GroupMember, GroupRequest } from './groups/group.entity.js';
import { GroupsController } from './groups/groups.controller.js';
import { GroupsService } from './groups/groups.service.js';
import { MembershipsService } from './groups/memberships.service.js';
import { GroupInvite } from './invites/group-invite.entity.js';
import { InvitesController } from './invites/invites.controller.js';
import { InvitesService } from './invites/invites.service.js';
import { AccessPolicy } from './policy/access-policy.service.js';
import { Deelsite, DeelsiteMember, DeelsiteRequest } from './sites/deelsite.entity.js';
import { SitesController } from './sites/sites.controller.js';
import { SiteRequestsRepository } from './sites/site-requests.repository.js';
import { SiteRequestsService } from './sites/site-requests.service.js';
import { SitesService } from './sites/sites.service.js';

/**
 * Deelsites, groups, memberships, requests, invitations, and the one access policy. Import
 * it as `CommunityModule.forRoot(options?)` or forRootAsync; its settings are CommunityConfig.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Deelsite, DeelsiteMember, DeelsiteRequest, Group, GroupMember, GroupRequest, GroupInvite]),
    IdentityModule,
  ],
  controllers: [SitesController, GroupsController, InvitesController],
  providers: [AccessPolicy, PeoplePages, SitesService, SiteRequestsRepository, SiteRequestsService, GroupsService, MembershipsService, InvitesService, CommunityPersonalData],
  exports: [AccessPolicy, SitesService, GroupsService, MembershipsService],
})
export class CommunityModule extends ConfigurableFeature(CommunityConfig) {}
