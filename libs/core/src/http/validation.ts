import { ValidationPipe } from '@nestjs/common';
import { ValidationFailed } from '../errors/validation-failed.js';

/**
 * Unknown fields are refused (400) and every bad field is listed in `message`, under the
 * code `validation.failed`. `transform` turns query strings into the DTO's numbers and booleans.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ValidationFailed.of(errors),
  });
}
