import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but null is not a value for it. (IsOptional lets null
 * through, which would reach a NOT NULL column as a 500 instead of a 400.)
 */
export const OptionalNotNull = () => ValidateIf((_dto: object, value: unknown) => value !== undefined);
