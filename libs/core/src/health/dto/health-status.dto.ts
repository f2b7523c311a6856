export type PartStatus = 'up' | 'down';

export class HealthStatusDto {
  status!: 'ok' | 'down';
  db!: PartStatus;
  redis!: PartStatus;
  /** Names the part that is down. */
  message?: string;
}
