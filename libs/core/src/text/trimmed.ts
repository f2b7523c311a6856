/** For class-transformer's `@Transform(trimmed)`: a string without its surrounding whitespace; anything else as it came (validation names it). */
export const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
