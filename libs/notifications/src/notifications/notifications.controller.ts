import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@kennisplein/core';
import { ListNotificationsQuery, MarkReadDto, NotificationPageDto, UnreadCountDto } from './dto/notification.dto.js';
import { NotificationsService } from './notifications.service.js';

@ApiTags('notifications')
@Controller('me/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** My notifications, newest first; ?unread=true for the unread ones. Live: socket.io namespace /notifications, `notification:created`. */
  @Get()
  list(@CurrentUser() caller: AuthUser, @Query() query: ListNotificationsQuery): Promise<NotificationPageDto> {
    return this.notifications.list(caller, query);
  }

  /** How many of my notifications are unread (the badge); one count on the index of unread notifications. */
  @Get('unread-count')
  unreadCount(@CurrentUser() caller: AuthUser): Promise<UnreadCountDto> {
    return this.notifications.unreadCount(caller);
  }

  @Post('read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  markRead(@CurrentUser() caller: AuthUser, @Body() body: MarkReadDto): Promise<void> {
    return this.notifications.markRead(caller, body.ids);
  }

  /** Marks every notification of mine read that is there now (one that arrives later stays unread). */
  @Post('read-all')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'all read' })
  markAllRead(@CurrentUser() caller: AuthUser): Promise<void> {
    return this.notifications.markAllRead(caller);
  }
}
