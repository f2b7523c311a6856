import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@kennisplein/core';
import { MuteStateDto } from './mute-state.dto.js';
import { MutesService } from './mutes.service.js';

@ApiTags('notifications')
@Controller('groups/:id/mute')
export class MutesController {
  constructor(private readonly mutes: MutesService) {}

  /** Whether I muted the group (its page shows the mute button by it). */
  @Get()
  state(@CurrentUser() caller: AuthUser, @Param('id') groupId: string): Promise<MuteStateDto> {
    return this.mutes.state(caller, groupId);
  }

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
