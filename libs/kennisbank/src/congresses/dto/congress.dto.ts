import { Transform } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { trimmed } from '@kennisplein/core';

export const CONGRESS_SLUG = /^[a-z0-9][a-z0-9-]{2,62}$/;

export class CreateCongressDto {
  /** e.g. nioc2027 */
  @Matches(CONGRESS_SLUG, { message: 'slug must be 3–63 lower-case letters, digits or dashes, e.g. nioc2027' })
  slug!: string;

  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsInt()
  @Min(1900)
  @Max(2200)
  year!: number;

  /** the day it is held, YYYY-MM-DD */
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'heldOn must be a date, YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'heldOn must be a date that exists' })
  heldOn?: string;

  /** the organization that hosts it, e.g. HAN University of Applied Sciences */
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  organizer?: string;
}

export class CongressDto {
  slug!: string;
  name!: string;
  year!: number;
  heldOn!: string | null;
  organizer!: string | null;
  contributionCount!: number;
}

export class CongressPageDto {
  items!: CongressDto[];
  nextCursor!: string | null;
}
