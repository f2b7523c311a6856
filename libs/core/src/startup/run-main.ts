import { Logger, type LogLevel } from '@nestjs/common';
import { ConfigError } from '../config/app-config.js';
import { StartupError } from './startup-error.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The Nest log levels up to and including LOG_LEVEL. */
export function logLevelsUpTo(level: LogLevel): LogLevel[] {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}

/**
 * Runs a process's main function. Problems the operator must fix (a service down, bad
 * configuration) end the process with one clear line instead of a stack trace.
 */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof StartupError || error instanceof ConfigError) {
      process.stderr.write(`kennisplein: ${error.message}\n`);
    } else {
      new Logger('Startup').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    process.exit(1);
  });
}
