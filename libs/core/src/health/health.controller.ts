import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/decorators.js';
import { defineErrors } from '../errors/domain-error.js';
import { InjectRedis, type RedisClient } from '../redis/redis.module.js';
import { HealthStatusDto, type PartStatus } from './dto/health-status.dto.js';
import { HealthRepository } from './health.repository.js';

export const HealthErrors = defineErrors('health', {
  down: { status: 503, nl: 'Geen antwoord van {parts}', en: '{parts} not answering' },
});

const PROBE_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: HealthRepository,
    @InjectRedis() private readonly redis: RedisClient,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: HealthStatusDto, description: 'PostgreSQL and Redis answer' })
  @ApiServiceUnavailableResponse({ type: HealthStatusDto, description: 'a part is down (code health.down); `message` names it' })
  async check(): Promise<HealthStatusDto> {
    const [db, redis] = await Promise.all([
      this.probe(() => this.database.ping()),
      this.probe(() => this.redis.ping()),
    ]);
    const down = [db === 'down' ? 'database (PostgreSQL)' : null, redis === 'down' ? 'Redis' : null].filter(
      (part): part is string => part !== null,
    );
    if (down.length === 0) return { status: 'ok', db, redis };
    // The error answer of every error, with the parts beside it.
    throw HealthErrors.down({ parts: down.join(', ') }, { details: { status: 'down', db, redis } });
  }

  private async probe(check: () => Promise<unknown>): Promise<PartStatus> {
    try {
      await withTimeout(check());
      return 'up';
    } catch {
      return 'down';
    }
  }
}
