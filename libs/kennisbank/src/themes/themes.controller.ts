import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CachePolicy, Public, PublicCache } from '@kennisplein/core';
import { ThemeDto } from './dto/theme.dto.js';
import { ThemesService } from './themes.service.js';

@ApiTags('kennisbank')
@Controller('themes')
export class ThemesController {
  constructor(private readonly themes: ThemesService) {}

  /** Every congress track with its theme group, by name: a plain array, as API.md has it (tracks are few). */
  @Public()
  @PublicCache(CachePolicy.short)
  @Get()
  @ApiOkResponse({ type: ThemeDto, isArray: true })
  list(): Promise<ThemeDto[]> {
    return this.themes.list();
  }
}
