import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, MinLength } from 'class-validator';

export class FeedbackDto {
  /** markdown, at most 10,000 characters (longer: 413) */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  body!: string;

  /** as for POST /threads/:id/messages: sent again, the original feedback (200) and never a second */
  @IsOptional()
  @IsUUID()
  clientId?: string;
}
