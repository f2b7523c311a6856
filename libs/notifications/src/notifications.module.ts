import { Module } from '@nestjs/common';
import { CommunityModule } from '@kennisplein/community';
import { IdentityModule } from '@kennisplein/identity';
import { MutesController } from './mutes/mutes.controller.js';
import { MutesService } from './mutes/mutes.service.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { NotificationsService } from './notifications/notifications.service.js';
import { NotificationsProcessor } from './notifications.processor.js';
import { NotificationPush } from './realtime/notification-push.js';
import { NotificationsGateway } from './realtime/notifications.gateway.js';

/** In-app notifications from the activity log, group mutes, and (later) digests. */
@Module({
  imports: [IdentityModule, CommunityModule],
  controllers: [NotificationsController, MutesController],
  providers: [NotificationsService, MutesService, NotificationPush, NotificationsGateway, NotificationsProcessor],
  exports: [NotificationsService, MutesService],
})
export class NotificationsModule {}
