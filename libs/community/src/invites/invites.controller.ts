import { Controller, Get, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiGoneResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthUser, CurrentUser, Public } from '@kennisplein/core';
import { InviteAcceptedDto, InvitePreviewDto } from './dto/invite.dto.js';
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

  /**
   * Accepts an invitation: the caller becomes a member of its group (200). In a closed
   * deelsite, an invitation from someone who is not its admin waits for a site admin (202).
   */
  @Post(':token/accept')
  @ApiOkResponse({ type: InviteAcceptedDto, description: 'member of the group' })
  @ApiAcceptedResponse({ type: InviteAcceptedDto, description: '{status: pending}: a site admin of the closed deelsite lets the invitee in first' })
  @ApiGoneResponse({ description: 'the invitation was used or has expired' })
  async accept(
    @CurrentUser() caller: AuthUser,
    @Param('token') token: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<InviteAcceptedDto> {
    const { pending, result } = await this.invites.accept(caller, token);
    response.status(pending ? HttpStatus.ACCEPTED : HttpStatus.OK);
    return result;
  }
}
