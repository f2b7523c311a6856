import { Controller, Delete, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@kennisplein/core';
import { MutesService } from './mutes.service.js';

@ApiTags('notifications')
@Controller('groups/:id/mute')
export class MutesController {
  constructor(private readonly mutes: MutesService) {}

  /** Leaves a group out of my notifications and digests, without leaving it. */
  @Put()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  mute(@CurrentUser() caller: AuthUser, @Param('id') groupId: string): Promise<void> {
    return this.mutes.mute(caller, groupId);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  unmute(@CurrentUser() caller: AuthUser, @Param('id') groupId: string): Promise<void> {
    return this.mutes.unmute(caller, groupId);
  }
}
