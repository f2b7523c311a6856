import { IsIn, IsOptional, Matches } from 'class-validator';

export class RunDigestsDto {
  @IsIn(['weekly', 'daily'])
  frequency!: 'weekly' | 'daily';
}

export class RunDigestsResultDto {
  /** the period in Europe/Amsterdam, e.g. 2026-W48 or 2026-11-23 */
  period!: string;
  enqueued!: number;
  /** per period (readers in other time zones may be in another one) */
  periods!: Record<string, number>;
}

export class DigestRunDto {
  period!: string;
  frequency!: string;
  enqueued!: number;
  sent!: number;
  empty!: number;
  failed!: number;
}

export class DigestRunsQuery {
  @IsOptional()
  @Matches(/^\d{4}-(W\d{2}|\d{2}-\d{2})$/, { message: 'period must look like 2026-W48 or 2026-11-23' })
  period?: string;
}

/** POST /digests/unsubscribe asked for JSON (the web client's confirmation page): the reader's new frequency. */
export class UnsubscribedDto {
  digestFrequency!: 'never';
}
