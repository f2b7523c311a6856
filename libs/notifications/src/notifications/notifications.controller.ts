import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@kennisplein/core';
import { ListNotificationsQuery, MarkReadDto, NotificationPageDto } from './dto/notification.dto.js';
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

  @Post('read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  markRead(@CurrentUser() caller: AuthUser, @Body() body: MarkReadDto): Promise<void> {
    return this.notifications.markRead(caller, body.ids);
  }
}
