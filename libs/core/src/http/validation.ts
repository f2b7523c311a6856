import { ValidationPipe } from '@nestjs/common';

/**
 * Unknown fields are refused (400) and every bad field is listed in `message`.
 * `transform` turns query strings into the DTO's numbers and booleans.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
  });
}
