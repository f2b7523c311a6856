import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthUser, CurrentUser, PersonalDataRegistry } from '@kennisplein/core';
import { AccountService } from '../account/account.service.js';
import { ChangePasswordDto } from '../auth/dto/auth.dto.js';
import { UpdateProfileDto } from '../users/dto/update-profile.dto.js';
import { UserProfileDto } from '../users/dto/user-profile.dto.js';
import { UpdateSettingsDto, UserSettingsDto } from '../users/dto/user-settings.dto.js';
import { UsersService } from '../users/users.service.js';
import { ExportQuery } from './dto/export-query.dto.js';
import { exportZip } from './export-zip.js';

@ApiTags('identity')
@Controller('me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly personalData: PersonalDataRegistry,
    private readonly account: AccountService,
  ) {}

  @Get()
  async profile(@CurrentUser() caller: AuthUser): Promise<UserProfileDto> {
    return this.users.toProfile(await this.users.getActive(caller.id));
  }

  /**
   * A new `email` (with `currentPassword`) waits in `pendingEmail` until the link mailed to
   * it is followed; the old address is told.
   */
  @Patch()
  @ApiConflictResponse({ description: 'the new email address is taken (account.email_taken)' })
  @ApiForbiddenResponse({ description: 'a new email with a wrong currentPassword (account.wrong_password)' })
  @ApiTooManyRequestsResponse({ description: 'enough verification mails this hour (account.too_many_mails)' })
  async updateProfile(@CurrentUser() caller: AuthUser, @Body() body: UpdateProfileDto): Promise<UserProfileDto> {
    const { email, currentPassword, ...profile } = body;
    if (email !== undefined) await this.account.requestEmailChange(caller, email, currentPassword);
    const user = Object.keys(profile).length > 0 ? await this.users.update(caller.id, profile) : await this.users.getActive(caller.id);
    return this.users.toProfile(user);
  }

  /** Changes my password; my other sessions end (and their sockets), this one stays. Wrong current passwords count against a limit of the account's own. */
  @Post('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'changed; a notice went to my address' })
  @ApiForbiddenResponse({ description: 'the current password is wrong (account.wrong_password)' })
  @ApiTooManyRequestsResponse({ description: 'too many wrong current passwords for this account in the window (auth.too_many_attempts); see Retry-After' })
  async changePassword(@CurrentUser() caller: AuthUser, @Body() body: ChangePasswordDto): Promise<void> {
    await this.account.changePassword(caller, body.currentPassword, body.newPassword);
  }

  @Get('settings')
  async settings(@CurrentUser() caller: AuthUser): Promise<UserSettingsDto> {
    return this.users.toSettings(await this.users.getActive(caller.id));
  }

  @Patch('settings')
  async updateSettings(@CurrentUser() caller: AuthUser, @Body() body: UpdateSettingsDto): Promise<UserSettingsDto> {
    return this.users.toSettings(await this.users.update(caller.id, body));
  }

  /**
   * Everything the platform holds about me and everything I wrote, as one JSON document;
   * with `format=zip`, a zip streamed with that document as export.json and the bytes of
   * every file I uploaded (under files/<id>/<name>, the `archivePath` of each file).
   */
  @Get('export')
  @ApiProduces('application/json', 'application/zip')
  @ApiOkResponse({ description: 'one section per part of the platform: account, settings, sessions, memberships, threads, messages, …' })
  async export(
    @CurrentUser() caller: AuthUser,
    @Query() query: ExportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, unknown> | StreamableFile> {
    const exported = { exportedAt: new Date().toISOString(), ...(await this.personalData.exportFor(caller.id)) };
    res.setHeader('Cache-Control', 'private, no-store');
    if (query.format !== 'zip') {
      res.setHeader('Content-Disposition', 'attachment; filename="kennisplein-export.json"');
      return exported;
    }
    const zip = exportZip(exported, await this.personalData.attachmentsFor(caller.id));
    const file = new StreamableFile(zip, { type: 'application/zip', disposition: 'attachment; filename="kennisplein-export.zip"' });
    // The status is sent already: a failure halfway can only break the transfer, never pass for a whole zip.
    return file.setErrorHandler((_error, response) => {
      if (!response.destroyed) response.destroy?.();
    });
  }

  /** Deletes my account: login is no longer possible; what I wrote stays, shown as from a deleted user. */
  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'account deleted' })
  async delete(@CurrentUser() caller: AuthUser): Promise<void> {
    await this.users.deleteAccount(caller.id);
  }
}
