import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { OptionalNotNull, trimmed } from '@kennisplein/core';
import { LOCALES, type Locale } from '../user.js';

export class UpdateProfileDto {
  @OptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @Length(1, 100)
  displayName?: string;

  /** null clears it */
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  affiliation?: string | null;

  /** null clears it */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  bio?: string | null;

  @OptionalNotNull()
  @IsIn(LOCALES)
  locale?: Locale;

  /** A new address: it takes effect once the link mailed to it is followed; the old address is told. */
  @OptionalNotNull()
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(254)
  email?: string;

  /** Required with a new `email`: a stolen access token alone cannot move the account. */
  @IsOptional()
  @IsString()
  @MaxLength(256)
  currentPassword?: string;
}
