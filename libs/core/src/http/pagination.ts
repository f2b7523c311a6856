import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CommonErrors } from '../errors/domain-error.js';
import { isUuid } from './ids.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `?limit=&cursor=` of every list route. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Cursors are opaque to clients: the keyset (the sort values of the last row seen),
 * JSON in base64url. Keyset pagination stays fast on deep pages, unlike OFFSET.
 */
export function encodeCursor(keyset: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(keyset), 'utf8').toString('base64url');
}

/** What each part of a keyset is; a cursor whose parts are not is refused with 400. */
export type CursorPart = 'text' | 'uuid' | 'timestamp' | 'int';

const PART_CHECKS: Record<CursorPart, (part: unknown) => boolean> = {
  text: (part) => typeof part === 'string',
  uuid: (part) => typeof part === 'string' && isUuid(part),
  timestamp: (part) => typeof part === 'string' && !Number.isNaN(Date.parse(part)),
  int: (part) => Number.isSafeInteger(part),
};

/** The keyset of a cursor this list gave out, checked part by part before it reaches SQL. */
export function decodeCursor(cursor: string, shape: readonly CursorPart[]): (string | number)[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === shape.length && shape.every((part, i) => PART_CHECKS[part](value[i]))) {
      return value as (string | number)[];
    }
  } catch {
    // fall through to the 400 below
  }
  throw CommonErrors.invalid_cursor();
}

/**
 * Builds a page from rows fetched with `limit + 1`: the extra row only tells whether
 * another page follows.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  keysetOf: (row: Row) => (string | number | null)[],
  toItem: (row: Row) => Item,
): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(toItem),
    nextCursor: hasMore && last !== undefined ? encodeCursor(keysetOf(last)) : null,
  };
}

export function pageSize(query: PageQuery): number {
  return query.limit ?? DEFAULT_PAGE_SIZE;
}
