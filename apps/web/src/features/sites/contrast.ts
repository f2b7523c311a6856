/**
 * WCAG 2.x contrast of #rrggbb colours, for the live check while a site admin chooses.
 * A copy of libs/community/src/sites/contrast.ts (the client imports nothing from libs/):
 * keep the two, and the pairs, the same. The server decides; this only shows it early.
 */
export const MIN_TEXT_CONTRAST = 4.5;

/** primaryColor carries white text (header band, buttons); accentColor the dark body text (highlights). */
export const PAIRED_TEXT = { primaryColor: '#ffffff', accentColor: '#001a40' } as const;

export const isHexColour = (value: string) => /^#[0-9a-f]{6}$/i.test(value);

function channel(hex: string, offset: number): number {
  const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** Rounded down to one decimal, as the server shows it: 4.49 never reads as 4.5. */
export const roundDown = (ratio: number) => Math.floor(ratio * 10) / 10;
