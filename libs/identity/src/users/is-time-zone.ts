import { registerDecorator, type ValidationOptions } from 'class-validator';

/** An IANA time zone name such as Europe/Amsterdam or Asia/Jakarta. */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must be an IANA time zone name such as Europe/Amsterdam`, ...options },
      validator: { validate: isTimeZone },
    });
}
