import { Module } from '@nestjs/common';
import { ConfigurableFeature, JobsModule } from '@kennisplein/core';
import { CommunityModule } from '@kennisplein/community';
import { IdentityModule } from '@kennisplein/identity';
import { NotificationsConfig } from './notifications.config.js';
import { DigestsController } from './digests/digests.controller.js';
import { DigestsRepository } from './digests/digests.repository.js';
import { DigestsService } from './digests/digests.service.js';
import { MutesController } from './mutes/mutes.controller.js';
import { MutesRepository } from './mutes/mutes.repository.js';
import { MutesService } from './mutes/mutes.service.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { NotificationsRepository } from './notifications/notifications.repository.js';
import { NotificationsService } from './notifications/notifications.service.js';
import { NotificationsPersonalData } from './notifications-personal-data.js';
import { NOTIFICATIONS_JOBS } from './notifications.jobs.js';
import { NotificationsProcessor } from './notifications.processor.js';
import { NotificationPush } from './realtime/notification-push.js';
import { NotificationsGateway } from './realtime/notifications.gateway.js';

/**
 * In-app notifications from the activity log, group mutes, and weekly or daily digest mails.
 * Import it as `NotificationsModule.forRoot(options?)` or forRootAsync; its settings are
 * NotificationsConfig.
 */
@Module({
  imports: [IdentityModule, CommunityModule, JobsModule.forFeature(NOTIFICATIONS_JOBS)],
  controllers: [NotificationsController, MutesController, DigestsController],
  providers: [
    NotificationsRepository,
    NotificationsService,
    DigestsRepository,
    DigestsService,
    MutesRepository,
    MutesService,
    NotificationPush,
    NotificationsGateway,
    NotificationsProcessor,
    NotificationsPersonalData,
  ],
  exports: [NotificationsService, DigestsService, MutesService],
})
export class NotificationsModule extends ConfigurableFeature(NotificationsConfig) {}
