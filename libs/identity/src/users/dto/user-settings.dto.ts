import { IsIn } from 'class-validator';
import { OptionalNotNull } from '@kennisplein/core';
import { IsTimeZone } from '../is-time-zone.js';
import { DIGEST_FREQUENCIES, LOCALES, type DigestFrequency, type Locale } from '../user.js';

export class UserSettingsDto {
  /** weekly (default), daily or never */
  digestFrequency!: DigestFrequency;
  /** IANA time zone; digests go out at 07:00 local time */
  timezone!: string;
  locale!: Locale;
}

export class UpdateSettingsDto {
  @OptionalNotNull()
  @IsIn(DIGEST_FREQUENCIES)
  digestFrequency?: DigestFrequency;

  @OptionalNotNull()
  @IsTimeZone()
  timezone?: string;

  @OptionalNotNull()
  @IsIn(LOCALES)
  locale?: Locale;
}
