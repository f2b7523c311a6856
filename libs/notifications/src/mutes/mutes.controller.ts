import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, IdPipe } from '@kennisplein/core';
import { GroupErrors } from '@kennisplein/community';
import { GroupMuteDto, MuteStateDto } from './dto/group-mute.dto.js';
import { MutesService } from './mutes.service.js';

@ApiTags('notifications')
@Controller()
export class MutesController {
  constructor(private readonly mutes: MutesService) {}

  /**
   * The groups I am a member of, by name, each with whether I muted it: the settings page's
   * list. A plain array (one's own memberships are few); a theme group's workspaces follow
   * it and are not listed apart.
   */
  @Get('me/group-mutes')
  @ApiOkResponse({ type: GroupMuteDto, isArray: true })
  list(@CurrentUser() caller: AuthUser): Promise<GroupMuteDto[]> {
    return this.mutes.groupsOf(caller);
  }

  /** Whether I muted the group (its page shows the mute button by it). */
  @Get('groups/:id/mute')
  state(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(GroupErrors.not_found)) groupId: string): Promise<MuteStateDto> {
    return this.mutes.state(caller, groupId);
  }

  /** Leaves a group out of my notifications and digests, without leaving it. */
  @Put('groups/:id/mute')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  mute(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(GroupErrors.not_found)) groupId: string): Promise<void> {
    return this.mutes.mute(caller, groupId);
  }

  @Delete('groups/:id/mute')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  unmute(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(GroupErrors.not_found)) groupId: string): Promise<void> {
    return this.mutes.unmute(caller, groupId);
  }
}
