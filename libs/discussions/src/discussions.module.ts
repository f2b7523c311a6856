import { Module } from '@nestjs/common';
import { ConfigurableFeature } from '@kennisplein/core';
import { CommunityModule } from '@kennisplein/community';
import { IdentityModule } from '@kennisplein/identity';
import { DiscussionsConfig } from './discussions.config.js';
import { DiscussionsPersonalData } from './discussions-personal-data.js';
import { DiscussionsService } from './discussions.service.js';
import { MessagesController } from './messages/messages.controller.js';
import { MessagesRepository } from './messages/messages.repository.js';
import { MessagesService } from './messages/messages.service.js';
import { DiscussionConnections } from './realtime/discussion-connections.js';
import { DiscussionsGateway } from './realtime/discussions.gateway.js';
import { MessageBus } from './realtime/message-bus.js';
import { ThreadDelivery } from './realtime/thread-delivery.js';
import { ThreadMembership } from './realtime/thread-membership.js';
import { ReadPositionsRepository } from './reads/read-positions.repository.js';
import { ThreadsController } from './threads/threads.controller.js';
import { ThreadsRepository } from './threads/threads.repository.js';
import { ThreadsService } from './threads/threads.service.js';

/**
 * Threads and messages in groups, live over socket.io (namespace /discussions). Import it as
 * `DiscussionsModule.forRoot(options?)` or forRootAsync; its settings are DiscussionsConfig.
 */
@Module({
  imports: [IdentityModule, CommunityModule],
  controllers: [ThreadsController, MessagesController],
  providers: [
    ThreadsRepository,
    MessagesRepository,
    ReadPositionsRepository,
    ThreadsService,
    MessagesService,
    DiscussionsService,
    MessageBus,
    DiscussionConnections,
    ThreadDelivery,
    ThreadMembership,
    DiscussionsGateway,
    DiscussionsPersonalData,
  ],
  exports: [DiscussionsService, ThreadsService, MessagesService],
})
export class DiscussionsModule extends ConfigurableFeature(DiscussionsConfig) {}
