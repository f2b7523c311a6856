import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { ConfigSection, integerFromEnv } from '@kennisplein/core';

/** Discussions' settings: the per-socket message limit. Read from these environment variables (README), or given to the module's forRoot. */
@ConfigSection()
export class DiscussionsConfig {
  /** Messages one socket may send per SOCKET_MESSAGE_WINDOW_SECONDS. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  SOCKET_MESSAGE_LIMIT = 20;

  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  SOCKET_MESSAGE_WINDOW_SECONDS = 10;
}
