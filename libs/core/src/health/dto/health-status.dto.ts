export type PartStatus = 'up' | 'down';

export class HealthStatusDto {
  /** 503 when a part is down (the error shape) */
  statusCode?: number;
  /** health.down */
  code?: string;
  error?: string;
  status!: 'ok' | 'down';
  db!: PartStatus;
  redis!: PartStatus;
  /** Names the part that is down. */
  message?: string;
}
