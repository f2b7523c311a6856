import type { OpenAPIObject } from '@nestjs/swagger';
import { errorCatalogue } from '../errors/domain-error.js';

const ERROR_SCHEMA = 'Error';

/**
 * Documents the error answer in the OpenAPI document: one `Error` schema whose `code` is
 * the enum of every registered code, described with its status and messages, and a
 * `default` response on every operation that refers to it (so generated clients know it).
 * Called after every module is loaded, when each lib's catalogue is registered.
 */
export function documentErrors(document: OpenAPIObject): void {
  const catalogue = errorCatalogue();
  const table = [
    '| code | status | nl | en |',
    '|---|---|---|---|',
    ...catalogue.map((entry) => `| \`${entry.code}\` | ${entry.status} | ${entry.nl} | ${entry.en} |`),
  ].join('\n');
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas[ERROR_SCHEMA] = {
    type: 'object',
    description: `Every error answer. A client decides by \`code\`, never by \`message\` (its language follows Accept-Language: nl, en).\n\n${table}`,
    required: ['statusCode', 'code', 'message', 'error'],
    properties: {
      statusCode: { type: 'integer', example: 409 },
      code: { type: 'string', enum: catalogue.map((entry) => entry.code), example: 'group.last_owner' },
      message: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      error: { type: 'string', example: 'Conflict' },
      fields: {
        type: 'array',
        description: 'validation.failed: each bad field and the rule it broke',
        items: { type: 'object', required: ['field', 'rule'], properties: { field: { type: 'string' }, rule: { type: 'string' } } },
      },
      errorId: { type: 'string', format: 'uuid', description: 'common.internal: the id under which the error was logged' },
    },
  };
  for (const path of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = path[method];
      if (!operation) continue;
      operation.responses.default ??= {
        description: 'An error, with its code',
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } },
      };
    }
  }
}
