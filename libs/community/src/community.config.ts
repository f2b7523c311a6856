import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ConfigSection, integerFromEnv } from '@kennisplein/core';

/** Community's settings: invitations. Read from these environment variables (README), or given to the module's forRoot. */
@ConfigSection()
export class CommunityConfig {
  /** How long an invitation to a group stays valid. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  @Max(365)
  INVITE_TTL_DAYS = 14;

  /** Invitations one user may send per hour. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  INVITES_PER_HOUR = 50;
}
