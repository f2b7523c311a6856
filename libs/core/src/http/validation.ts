import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ValidationFailed } from '../errors/validation-failed.js';
import { checkInput, type InputLimits } from './input-limits.js';

/**
 * class-validator behind the input's bounds: a body, query or route parameter with a NUL
 * character, or more keys or nesting than allowed, is refused before it is transformed
 * and validated (whose cost and error list grow with the input).
 */
class BoundedValidationPipe extends ValidationPipe {
  constructor(
    private readonly limits: InputLimits,
    options: ConstructorParameters<typeof ValidationPipe>[0],
  ) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') checkInput(value, this.limits);
    return super.transform(value, metadata);
  }
}

/**
 * Unknown fields are refused (400) and every bad field is listed in `message`, under the
 * code `validation.failed`. `transform` turns query strings into the DTO's numbers and booleans.
 */
export function createValidationPipe(limits: InputLimits = { maxKeys: 1000, maxDepth: 32 }): ValidationPipe {
  return new BoundedValidationPipe(limits, {
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ValidationFailed.of(errors),
  });
}
