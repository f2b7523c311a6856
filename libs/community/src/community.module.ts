import { Module } from '@nestjs/common';
import { ConfigurableFeature } from '@kennisplein/core';
import { IdentityModule } from '@kennisplein/identity';
import { CommunityConfig } from './community.config.js';
import { CommunityPersonalData } from './community-personal-data.js';
import { CommunityPersonalDataRepository } from './community-personal-data.repository.js';
import { PeoplePages } from './people-page.js';
import { PeopleRepository } from './people.repository.js';
import { GroupsController } from './groups/groups.controller.js';
import { GroupsRepository } from './groups/groups.repository.js';
import { GroupsService } from './groups/groups.service.js';
import { MembershipsRepository } from './groups/memberships.repository.js';
import { MembershipsService } from './groups/memberships.service.js';
import { InvitesController } from './invites/invites.controller.js';
import { InvitesRepository } from './invites/invites.repository.js';
import { InvitesService } from './invites/invites.service.js';
import { AccessPolicyRepository } from './policy/access-policy.repository.js';
import { AccessPolicy } from './policy/access-policy.service.js';
import { SitesController } from './sites/sites.controller.js';
import { SiteRequestsRepository } from './sites/site-requests.repository.js';
import { SiteRequestsService } from './sites/site-requests.service.js';
import { SitesRepository } from './sites/sites.repository.js';
import { SitesService } from './sites/sites.service.js';

/**
 * Deelsites, groups, memberships, requests, invitations, and the one access policy. Import
 * it as `CommunityModule.forRoot(options?)` or forRootAsync; its settings are CommunityConfig.
 * Each feature's SQL is in its repository (no TypeORM entities: the tables come from the migrations).
 */
@Module({
  imports: [IdentityModule],
  controllers: [SitesController, GroupsController, InvitesController],
  providers: [
    AccessPolicyRepository,
    AccessPolicy,
    PeopleRepository,
    PeoplePages,
    SitesRepository,
    SitesService,
    SiteRequestsRepository,
    SiteRequestsService,
    GroupsRepository,
    GroupsService,
    MembershipsRepository,
    MembershipsService,
    InvitesRepository,
    InvitesService,
    CommunityPersonalDataRepository,
    CommunityPersonalData,
  ],
  exports: [AccessPolicy, SitesService, GroupsService, MembershipsService],
})
export class CommunityModule extends ConfigurableFeature(CommunityConfig) {}
