import { Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiGoneResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Public } from '@kennisplein/core';
import { MembershipDto } from '../groups/dto/group.dto.js';
import { InvitePreviewDto } from './dto/invite.dto.js';
import { InvitesService } from './invites.service.js';

@ApiTags('groups')
@Controller('invites')
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  /**
   * What an invitation is for: its group and who sent it, for anyone holding the token
   * (the mail already names the group). Changes nothing. Unknown token 404
   * (invite.not_found); used or expired 410 (invite.used, invite.expired).
   */
  @Public()
  @Get(':token')
  @ApiNotFoundResponse({ description: 'no such invitation (invite.not_found)' })
  @ApiGoneResponse({ description: 'the invitation was used (invite.used) or has expired (invite.expired)' })
  preview(@Param('token') token: string): Promise<InvitePreviewDto> {
    return this.invites.preview(token);
  }

  /** Accepts an invitation: the caller becomes a member of its group. */
  @Post(':token/accept')
  @HttpCode(HttpStatus.OK)
  @ApiGoneResponse({ description: 'the invitation was used or has expired' })
  accept(@CurrentUser() caller: AuthUser, @Param('token') token: string): Promise<MembershipDto> {
    return this.invites.accept(caller, token);
  }
}
