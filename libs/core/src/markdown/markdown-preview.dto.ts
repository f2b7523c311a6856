import { IsString, MaxLength } from 'class-validator';

/** The longest text a preview renders, in characters: a blog post's limit (messages allow 10,000). */
export const MAX_PREVIEW_LENGTH = 100_000;

export class MarkdownPreviewRequestDto {
  /** markdown as the writer typed it, at most 100,000 characters */
  @IsString()
  @MaxLength(MAX_PREVIEW_LENGTH)
  body!: string;
}

export class MarkdownPreviewDto {
  /** rendered and sanitized exactly as a message, comment or blog post with this body would be */
  html!: string;
}
