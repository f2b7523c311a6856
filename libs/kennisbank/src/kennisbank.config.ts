import { Transform } from 'class-transformer';
import { IsInt, IsString, Min } from 'class-validator';
import { ConfigSection, integerFromEnv } from '@kennisplein/core';

/** The kennisbank's settings: import limits and the sample documents. Read from these environment variables (README), or given to the module's forRoot. */
@ConfigSection()
export class KennisbankConfig {
  /** Largest document a kennisbank import accepts; a larger one is listed under `failed`. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1024)
  IMPORT_MAX_FILE_BYTES = 20 * 1024 * 1024;

  /** Documents one import request may carry. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1)
  IMPORT_MAX_FILES = 500;

  /** All documents of one import request together (they are held until the import runs): more answers 413. */
  @Transform(integerFromEnv)
  @IsInt()
  @Min(1024)
  IMPORT_MAX_REQUEST_BYTES = 200 * 1024 * 1024;

  /**
   * Kennisbank documents the api imports when it starts on an empty kennisbank, so a
   * newcomer sees a living one at once. Empty: import nothing.
   */
  @IsString()
  SAMPLE_DOCUMENTS_DIR = 'libs/kennisbank/samples';
}
