import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { renderMarkdown } from './markdown.js';
import { MarkdownPreviewDto, MarkdownPreviewRequestDto } from './markdown-preview.dto.js';

@ApiTags('content')
@Controller('markdown')
export class MarkdownController {
  /**
   * What a body will look like once posted (the composer's preview tab): the same renderer
   * and sanitizer as every stored message and post, so the preview never differs from the
   * result. For logged-in writers; nothing is stored.
   */
  @Post('preview')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: MarkdownPreviewDto })
  preview(@Body() input: MarkdownPreviewRequestDto): MarkdownPreviewDto {
    return { html: renderMarkdown(input.body) };
  }
}
