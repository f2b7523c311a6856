import { Body, Controller, Delete, Get, Header, HttpCode, HttpStatus, Patch } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, PersonalDataRegistry } from '@kennisplein/core';
import { UpdateProfileDto } from '../users/dto/update-profile.dto.js';
import { UserProfileDto } from '../users/dto/user-profile.dto.js';
import { UpdateSettingsDto, UserSettingsDto } from '../users/dto/user-settings.dto.js';
import { UsersService } from '../users/users.service.js';

@ApiTags('identity')
@Controller('me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly personalData: PersonalDataRegistry,
  ) {}

  @Get()
  async profile(@CurrentUser() caller: AuthUser): Promise<UserProfileDto> {
    return this.users.toProfile(await this.users.getActive(caller.id));
  }

  @Patch()
  async updateProfile(@CurrentUser() caller: AuthUser, @Body() body: UpdateProfileDto): Promise<UserProfileDto> {
    return this.users.toProfile(await this.users.update(caller.id, body));
  }

  @Get('settings')
  async settings(@CurrentUser() caller: AuthUser): Promise<UserSettingsDto> {
    return this.users.toSettings(await this.users.getActive(caller.id));
  }

  @Patch('settings')
  async updateSettings(@CurrentUser() caller: AuthUser, @Body() body: UpdateSettingsDto): Promise<UserSettingsDto> {
    return this.users.toSettings(await this.users.update(caller.id, body));
  }

  /** Everything the platform holds about me and everything I wrote, as one JSON document. */
  @Get('export')
  @Header('Content-Disposition', 'attachment; filename="kennisplein-export.json"')
  @ApiOkResponse({ description: 'one section per part of the platform: account, sessions, …' })
  async export(@CurrentUser() caller: AuthUser): Promise<Record<string, unknown>> {
    return { exportedAt: new Date().toISOString(), ...(await this.personalData.exportFor(caller.id)) };
  }

  /** Deletes my account: login is no longer possible; what I wrote stays, shown as from a deleted user. */
  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'account deleted' })
  async delete(@CurrentUser() caller: AuthUser): Promise<void> {
    await this.users.deleteAccount(caller.id);
  }
}
