import { Module } from '@nestjs/common';
import { ConfigurableFeature } from '@kennisplein/core';
import { CommunityModule } from '@kennisplein/community';
import { DiscussionsModule } from '@kennisplein/discussions';
import { IdentityModule } from '@kennisplein/identity';
import { KennisbankConfig } from './kennisbank.config.js';
import { CongressesController } from './congresses/congresses.controller.js';
import { CongressesRepository } from './congresses/congresses.repository.js';
import { CongressesService } from './congresses/congresses.service.js';
import { AuthorsRepository } from './contributions/authors.repository.js';
import { AuthorsService } from './contributions/authors.service.js';
import { ContributionSearch } from './contributions/contribution-search.service.js';
import { ContributionWorkspaces } from './contributions/contribution-workspaces.service.js';
import { ContributionWriter } from './contributions/contribution-writer.service.js';
import { ContributionsController } from './contributions/contributions.controller.js';
import { ContributionsRepository } from './contributions/contributions.repository.js';
import { ContributionsService } from './contributions/contributions.service.js';
import { FeedbackService } from './contributions/feedback.service.js';
import { ImportService } from './import/import.service.js';
import { SampleDocuments } from './import/sample-documents.js';
import { KennisbankPersonalData } from './kennisbank-personal-data.js';
import { KennisbankAnswers } from './kennisbank-answers.js';
import { ProfilesController } from './profiles/profiles.controller.js';
import { ThemesController } from './themes/themes.controller.js';
import { ThemesRepository } from './themes/themes.repository.js';
import { ThemesService } from './themes/themes.service.js';

/**
 * Congresses, themes, contributions with their workspaces, import and Dutch search. Import it
 * as `KennisbankModule.forRoot(options?)` or forRootAsync; its settings are KennisbankConfig.
 */
@Module({
  imports: [IdentityModule, CommunityModule, DiscussionsModule],
  controllers: [CongressesController, ThemesController, ContributionsController, ProfilesController],
  providers: [
    CongressesRepository,
    ThemesRepository,
    ContributionsRepository,
    AuthorsRepository,
    CongressesService,
    ThemesService,
    ContributionSearch,
    ContributionWorkspaces,
    AuthorsService,
    ContributionWriter,
    ContributionsService,
    FeedbackService,
    ImportService,
    SampleDocuments,
    KennisbankPersonalData,
    KennisbankAnswers,
  ],
  exports: [CongressesService, ContributionSearch, ContributionWriter, ContributionsService, ImportService, SampleDocuments],
})
export class KennisbankModule extends ConfigurableFeature(KennisbankConfig) {}
