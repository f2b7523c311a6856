import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthUser, CachePolicy, CurrentUser, IdPipe, PageQuery, Public, PublicCache, RateLimit } from '@kennisplein/core';
import { GroupErrors, MembershipErrors, RequestErrors } from '../community.errors.js';
import { InviteCreatedDto, MembershipDto } from './dto/group.dto.js';
import {
  ChangeRoleDto,
  CreateGroupDto,
  GroupDto,
  GroupPageDto,
  InviteDto,
  JoinRequestPageDto,
  JoinResultDto,
  ListGroupsQuery,
  MemberPageDto,
  UpdateGroupDto,
} from './dto/group.dto.js';
import { GroupsService } from './groups.service.js';
import { MembershipsService } from './memberships.service.js';
import { InvitesService } from '../invites/invites.service.js';

@ApiTags('groups')
@Controller('groups')
export class GroupsController {
  constructor(
    private readonly groups: GroupsService,
    private readonly memberships: MembershipsService,
    private readonly invites: InvitesService,
  ) {}

  /** Creates a group; the caller becomes its owner. */
  @Post()
  create(@CurrentUser() caller: AuthUser, @Body() body: CreateGroupDto): Promise<GroupDto> {
    return this.groups.createFor(caller, body);
  }

  /** The visible groups of a deelsite (?site=) or the main site, under a group (?parent=), by name (?q=). */
  @Public()
  @PublicCache(CachePolicy.live)
  @Get()
  @RateLimit('search', { whenQuery: 'q' })
  list(@CurrentUser() caller: AuthUser | undefined, @Query() query: ListGroupsQuery): Promise<GroupPageDto> {
    return this.groups.list(caller, query);
  }

  @Public()
  @PublicCache(CachePolicy.live)
  @Get(':id')
  get(@CurrentUser() caller: AuthUser | undefined, @Param('id', new IdPipe(GroupErrors.not_found)) id: string): Promise<GroupDto> {
    return this.groups.get(caller, id);
  }

  /** Owners and admins change name, description, visibility and membership. */
  @Patch(':id')
  update(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(GroupErrors.not_found)) id: string, @Body() body: UpdateGroupDto): Promise<GroupDto> {
    return this.groups.update(caller, id, body);
  }

  /** Open: 200 {role}. On request: 202 {status: pending}. Invite-only: 403. */
  @Post(':id/join')
  @ApiOkResponse({ type: JoinResultDto, description: 'member (also when already one)' })
  @ApiAcceptedResponse({ type: JoinResultDto, description: 'request waits for approval' })
  @ApiForbiddenResponse({ description: 'invite-only group' })
  async join(
    @CurrentUser() caller: AuthUser,
    @Param('id', new IdPipe(GroupErrors.not_found)) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<JoinResultDto> {
    const { pending, result } = await this.memberships.join(caller, id);
    response.status(pending ? HttpStatus.ACCEPTED : HttpStatus.OK);
    return result;
  }

  @Post(':id/leave')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'left (or was no member); a pending request is withdrawn' })
  @ApiConflictResponse({ description: 'the last owner cannot leave' })
  async leave(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(GroupErrors.not_found)) id: string): Promise<void> {
    await this.memberships.leave(caller, id);
  }

  @Public()
  @PublicCache(CachePolicy.live)
  @Get(':id/members')
  members(@CurrentUser() caller: AuthUser | undefined, @Param('id', new IdPipe(GroupErrors.not_found)) id: string, @Query() query: PageQuery): Promise<MemberPageDto> {
    return this.memberships.listMembers(caller, id, query);
  }

  @Patch(':id/members/:userId')
  @ApiConflictResponse({ description: 'the last owner cannot be demoted' })
  changeRole(
    @CurrentUser() caller: AuthUser,
    @Param('id', new IdPipe(GroupErrors.not_found)) id: string,
    @Param('userId', new IdPipe(MembershipErrors.member_not_found)) userId: string,
    @Body() body: ChangeRoleDto,
  ): Promise<MembershipDto> {
    return this.memberships.changeRole(caller, id, userId, body.role);
  }

  @Delete(':id/members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiConflictResponse({ description: 'the last owner cannot be removed' })
  async remove(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(GroupErrors.not_found)) id: string, @Param('userId', new IdPipe(MembershipErrors.member_not_found)) userId: string): Promise<void> {
    await this.memberships.removeMember(caller, id, userId);
  }

  @Get(':id/requests')
  requests(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(GroupErrors.not_found)) id: string, @Query() query: PageQuery): Promise<JoinRequestPageDto> {
    return this.memberships.listRequests(caller, id, query);
  }

  @Post(':id/requests/:userId/approve')
  @HttpCode(HttpStatus.OK)
  approve(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(GroupErrors.not_found)) id: string, @Param('userId', new IdPipe(RequestErrors.not_found)) userId: string): Promise<MembershipDto> {
    return this.memberships.approve(caller, id, userId);
  }

  @Post(':id/requests/:userId/reject')
  @HttpCode(HttpStatus.NO_CONTENT)
  async reject(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(GroupErrors.not_found)) id: string, @Param('userId', new IdPipe(RequestErrors.not_found)) userId: string): Promise<void> {
    await this.memberships.reject(caller, id, userId);
  }

  /** Invites someone by email; the token is answered and mailed. */
  @Post(':id/invites')
  invite(@CurrentUser() caller: AuthUser, @Param('id', new IdPipe(GroupErrors.not_found)) id: string, @Body() body: InviteDto): Promise<InviteCreatedDto> {
    return this.invites.invite(caller, id, body.email);
  }
}
