import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ConfigSection, integerFromEnv } from '@kennisplein/core';

/** Content's settings: the local-disk store, the upload limit and virus scanning. Read from these environment variables (README), or given to the module's forRoot. */
@ConfigSection()
export class ContentConfig {
  @IsString()
  FILES_DIR = './.files';

  /** Largest file one upload may be; larger answers 413 and leaves nothing behind. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  FILES_MAX_BYTES = 100 * 1024 * 1024;

  /**
   * clamd, to scan every upload before it is kept (tcp://host:port or unix:///path/to/clamd.ctl);
   * unset: no scanning.
   */
  @IsOptional()
  @Matches(/^(tcp:\/\/[A-Za-z0-9.-]+:\d{1,5}|tcp:\/\/\[[0-9a-fA-F:]+\]:\d{1,5}|unix:\/\/\/\S+)$/, {
    message: 'CLAMAV_URL must be tcp://host:port or unix:///path/to/socket',
  })
  CLAMAV_URL?: string = undefined;

  /** How long clamd may stay silent during a scan before the upload answers 503. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  @Max(3600)
  CLAMAV_TIMEOUT_SECONDS = 60;
}
