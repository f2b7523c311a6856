import type { PipeTransform } from '@nestjs/common';
import type { ErrorFactory } from '../errors/domain-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids are UUIDs: anything else names nothing (404), and never reaches SQL. Route params
 * go through IdPipe; this is for the ids that come another way (query strings, socket
 * payloads, values handed between libs).
 */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * A route's id param at the edge: `@Param('id', new IdPipe(GroupErrors.not_found))`. A
 * malformed id is answered with the 404 of what the route names, as an unknown one is.
 */
export class IdPipe implements PipeTransform<string, string> {
  constructor(private readonly notFound: ErrorFactory) {}

  transform(value: string): string {
    if (!isUuid(value)) throw this.notFound();
    return value;
  }
}
