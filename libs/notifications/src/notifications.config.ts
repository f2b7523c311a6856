import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { ConfigSection, integerFromEnv } from '@kennisplein/core';

/** Notifications' settings: digest retries. Read from these environment variables (README), or given to the module's forRoot. */
@ConfigSection()
export class NotificationsConfig {
  /**
   * A digest that cannot be sent (SMTP down) is tried this many times, the first retry
   * after DIGEST_RETRY_DELAY_MS and each next one after twice as long: with the defaults
   * the digest waits out some eight hours of SMTP trouble and then goes out once.
   */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  DIGEST_SEND_ATTEMPTS = 10;

  @Transform(integerFromEnv)
  @IsInt()
  @Min(10)
  DIGEST_RETRY_DELAY_MS = 60_000;
}
