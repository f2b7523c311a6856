import { IsString } from 'class-validator';
import { ConfigSection } from '@kennisplein/core';

/** The api's own setting: where the built web client is. Validated at start-up with the platform's. */
@ConfigSection()
export class WebClientConfig {
  /** The built web client (apps/web), served at `/`. */
  @IsString()
  WEB_DIR = 'dist/web';
}
