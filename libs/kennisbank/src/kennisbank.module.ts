import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigurableFeature } from '@kennisplein/core';
import { CommunityModule } from '@kennisplein/community';
import { DiscussionsModule } from '@kennisplein/discussions';
import { IdentityModule } from '@kennisplein/identity';
import { KennisbankConfig } from './kennisbank.config.js';
import { Congress, Organization } from './congresses/congress.entity.js';
import { CongressesController } from './congresses/congresses.controller.js';
import { CongressesService } from './congresses/congresses.service.js';
import { AuthorsService } from './contributions/authors.service.js';
import { Contribution, ContributionAuthor } from './contributions/contribution.entity.js';
import { ContributionQueries } from './contributions/contribution-queries.js';
import { ContributionsController } from './contributions/contributions.controller.js';
import { ContributionsService } from './contributions/contributions.service.js';
import { ImportService } from './import/import.service.js';
import { ProfilesController } from './profiles/profiles.controller.js';
import { SampleDocuments } from './import/sample-documents.js';
import { Theme } from './themes/theme.entity.js';
import { ThemesController } from './themes/themes.controller.js';
import { ThemesService } from './themes/themes.service.js';

/**
 * Congresses, themes, contributions with their workspaces, import and Dutch search. Import it
 * as `KennisbankModule.forRoot(options?)` or forRootAsync; its settings are KennisbankConfig.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Organization, Congress, Theme, Contribution, ContributionAuthor]),
    IdentityModule,
    CommunityModule,
    DiscussionsModule,
  ],
  controllers: [CongressesController, ThemesController, ContributionsController, ProfilesController],
  providers: [CongressesService, ThemesService, ContributionQueries, ContributionsService, AuthorsService, ImportService, SampleDocuments],
  exports: [CongressesService, ContributionQueries, ContributionsService, ImportService, SampleDocuments],
})
export class KennisbankModule extends ConfigurableFeature(KennisbankConfig) {}
