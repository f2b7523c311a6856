import { Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiGoneResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@kennisplein/core';
import { MembershipDto } from '../groups/dto/group.dto.js';
import { InvitesService } from './invites.service.js';

@ApiTags('groups')
@Controller('invites')
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  /** Accepts an invitation: the caller becomes a member of its group. */
  @Post(':token/accept')
  @HttpCode(HttpStatus.OK)
  @ApiGoneResponse({ description: 'the invitation was used or has expired' })
  accept(@CurrentUser() caller: AuthUser, @Param('token') token: string): Promise<MembershipDto> {
    return this.invites.accept(caller, token);
  }
}
