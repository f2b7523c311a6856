import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, MaxLength, ValidateIf } from 'class-validator';
import { LOCALES, type Locale } from '../user.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class UpdateProfileDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  displayName?: string;

  /** null clears it */
  @ValidateIf((_dto, value) => value !== null)
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  affiliation?: string | null;

  /** null clears it */
  @ValidateIf((_dto, value) => value !== null)
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  bio?: string | null;

  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}
