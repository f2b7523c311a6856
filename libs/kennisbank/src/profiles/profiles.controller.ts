import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, IdPipe, Public } from '@kennisplein/core';
import { GroupsService } from '@kennisplein/community';
import { UserErrors, UsersService } from '@kennisplein/identity';
import { ContributionSearch } from '../contributions/contribution-search.service.js';
import { PublicProfileDto } from './dto/profile.dto.js';

/** How many contributions and groups a profile lists. */
const PROFILE_LIST_LIMIT = 100;

/**
 * Public profiles. They live here because the kennisbank is the lib that may use the other
 * two a profile shows (DESIGN.md's import graph): identity's account, community's groups
 * (through its access policy) and its own authorships, each from its own lib's service.
 */
@ApiTags('identity')
@Controller('users')
export class ProfilesController {
  constructor(
    private readonly users: UsersService,
    private readonly groups: GroupsService,
    private readonly contributions: ContributionSearch,
  ) {}

  /** An account's public profile: its contributions, and the groups of theirs the caller may see. */
  @Public()
  @Get(':id')
  @ApiNotFoundResponse({ description: 'no such account, or it was deleted (user.not_found)' })
  async get(@CurrentUser() caller: AuthUser | undefined, @Param('id', new IdPipe(UserErrors.not_found)) id: string): Promise<PublicProfileDto> {
    const profile = await this.users.getPublicProfile(id);
    const [contributions, groups] = await Promise.all([
      this.contributions.byAuthorAccount(profile.id, PROFILE_LIST_LIMIT),
      this.groups.visibleMembershipsOf(caller, profile.id, PROFILE_LIST_LIMIT),
    ]);
    return { ...profile, contributions, groups };
  }
}
