import { describe, expect, it } from '@jest/globals';
import { BODY_TEXT, contrastRatio, formatRatio, lowContrast, relativeLuminance, WHITE } from './contrast.js';

describe('contrast', () => {
  it('knows the luminance of black and white', () => {
    expect(relativeLuminance('#000000')).toBe(0);
    expect(relativeLuminance('#FFFFFF')).toBeCloseTo(1, 10);
  });

  it('gives 21:1 for black on white, either way round, and 1:1 for a colour on itself', () => {
    expect(contrastRatio('#000000', WHITE)).toBeCloseTo(21, 10);
    expect(contrastRatio(WHITE, '#000000')).toBeCloseTo(21, 10);
    expect(contrastRatio('#7fb2e5', '#7fb2e5')).toBe(1);
  });

  it('matches known ratios (WebAIM checker)', () => {
    expect(contrastRatio('#767676', WHITE)).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', WHITE)).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#01689b', WHITE)).toBeCloseTo(6.11, 1);
  });

  it('rounds down when showing a ratio, so 4.49 never reads as 4.5', () => {
    expect(formatRatio(4.4999)).toBe('4.4:1');
    expect(formatRatio(21)).toBe('21:1');
  });

  it('names the first colour whose pair is too weak', () => {
    expect(lowContrast({ primaryColor: '#01689b', accentColor: '#ffd966' })).toBeNull();
    expect(lowContrast({ primaryColor: '#7fb2e5' })).toEqual({ colour: 'primaryColor', value: '#7fb2e5', ratio: expect.any(Number) });
    expect(lowContrast({ accentColor: '#333333' })?.colour).toBe('accentColor');
    expect(contrastRatio('#333333', BODY_TEXT)).toBeLessThan(4.5);
    expect(lowContrast({ primaryColor: null })).toBeNull();
  });
});
