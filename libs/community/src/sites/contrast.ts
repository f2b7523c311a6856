/**
 * WCAG 2.x relative luminance and contrast ratio of #rrggbb colours, and the pairs a
 * deelsite's colours are read in. apps/web keeps a copy of this (it may not import libs/).
 */

export const MIN_TEXT_CONTRAST = 4.5;
export const WHITE = '#ffffff';
/** The body text colour of the NL Design System voorbeeld theme (--basis-color-default-color-document). */
export const BODY_TEXT = '#001a40';

export const HEX_COLOUR = /^#[0-9a-f]{6}$/i;

function channel(hex: string, offset: number): number {
  const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance (0 black … 1 white) of a #rrggbb colour. */
export function relativeLuminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

/** (L1 + 0.05) / (L2 + 0.05), the lighter over the darker: 1 … 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** Rounded down to one decimal, so a ratio shown as 4.5 always passes. */
export const formatRatio = (ratio: number) => `${Math.floor(ratio * 10) / 10}:1`;

/**
 * What each colour of a deelsite is read against:
 * - primaryColor is the background of the site's header band and buttons, with white text
 *   on it (the same ratio holds for it as a link colour on the white page);
 * - accentColor is the background of highlights (the news band, badges), with the dark
 *   body text on it.
 */
export const COLOUR_PAIRS = {
  primaryColor: { text: WHITE, textName: { nl: 'witte tekst', en: 'white text' } },
  accentColor: { text: BODY_TEXT, textName: { nl: 'donkere tekst', en: 'dark text' } },
} as const;

export type SiteColour = keyof typeof COLOUR_PAIRS;

export interface ContrastFailure {
  colour: SiteColour;
  value: string;
  ratio: number;
}

/** The first colour whose pair falls below 4.5:1, if any. */
export function lowContrast(colours: Partial<Record<SiteColour, string | null>>): ContrastFailure | null {
  for (const colour of Object.keys(COLOUR_PAIRS) as SiteColour[]) {
    const value = colours[colour];
    if (!value) continue;
    const ratio = contrastRatio(value, COLOUR_PAIRS[colour].text);
    if (ratio < MIN_TEXT_CONTRAST) return { colour, value, ratio };
  }
  return null;
}
