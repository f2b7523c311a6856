/** A text cut to at most `max` characters, ending in "…" when it was longer (titles, excerpts, names). */
export const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);
