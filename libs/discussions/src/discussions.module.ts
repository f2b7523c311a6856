import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigurableFeature } from '@kennisplein/core';
import { CommunityModule } from '@kennisplein/community';
import { IdentityModule } from '@kennisplein/identity';
import { DiscussionsConfig } from './discussions.config.js';
import { DiscussionsPersonalData } from './discussions-personal-data.js';
import { DiscussionsService } from './discussions.service.js';
import { Message } from './messages/message.entity.js';
import { MessagesController } from './messages/messages.controller.js';
import { MessagesService } from './messages/messages.service.js';
import { DiscussionConnections } from './realtime/discussion-connections.js';
import { DiscussionsGateway } from './realtime/discussions.gateway.js';
import { MessageBus } from './realtime/message-bus.js';
import { ThreadDelivery } from './realtime/thread-delivery.js';
import { ThreadMembership } from './realtime/thread-membership.js';
import { ReadPositions } from './reads/read-positions.js';
import { ThreadRead } from './reads/thread-read.entity.js';
import { Thread } from './threads/thread.entity.js';
import { ThreadsController } from './threads/threads.controller.js';
import { ThreadsService } from './threads/threads.service.js';

/**
 * Threads and messages in groups, live over socket.io (namespace /discussions). Import it as
 * `DiscussionsModule.forRoot(options?)` or forRootAsync; its settings are DiscussionsConfig.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Thread, Message, ThreadRead]), IdentityModule, CommunityModule],
  controllers: [ThreadsController, MessagesController],
  providers: [ThreadsService, MessagesService, ReadPositions, DiscussionsService, MessageBus, DiscussionConnections, ThreadDelivery, ThreadMembership, DiscussionsGateway, DiscussionsPersonalData],
  exports: [DiscussionsService, ThreadsService, MessagesService],
})
export class DiscussionsModule extends ConfigurableFeature(DiscussionsConfig) {}
