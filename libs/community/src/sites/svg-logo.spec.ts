import { describe, expect, it } from '@jest/globals';
import { looksLikeSvg, sanitizeSvg } from './svg-logo.js';

const svg = (body: string, attributes = '') => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"${attributes}>${body}</svg>`);
const clean = (input: Buffer) => sanitizeSvg(input)?.toString('utf8') ?? null;

describe('an SVG logo', () => {
  it('is recognised by its start, with or without a declaration, comment or doctype', () => {
    expect(looksLikeSvg(svg(''))).toBe(true);
    expect(looksLikeSvg(Buffer.from('\uFEFF<?xml version="1.0"?>\n<!-- logo -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n<svg>'))).toBe(true);
    expect(looksLikeSvg(Buffer.from('<html><svg></svg></html>'))).toBe(false);
    expect(looksLikeSvg(Buffer.from('<!DOCTYPE svg [<!ENTITY x "y">]><svg>'))).toBe(false);
  });

  it('keeps shapes, gradients and text with their case (viewBox, linearGradient)', () => {
    const out = clean(
      svg('<defs><linearGradient id="g"><stop offset="0" stop-color="#01689b"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)"/><text x="1" y="8">NIOC</text>'),
    );
    expect(out).toContain('viewBox="0 0 10 10"');
    expect(out).toContain('<linearGradient id="g">');
    expect(out).toContain('fill="url(#g)"');
    expect(out).toContain('>NIOC</text>');
  });

  it('drops scripts, event handlers, styles, foreignObject, images, links and external references', () => {
    const out = clean(
      svg(
        '<script>alert(1)</script><style>rect{fill:url(https://evil.example/x)}</style>' +
          '<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example"></iframe>hi</body></foreignObject>' +
          '<image href="https://evil.example/pixel.png"/><a href="javascript:alert(2)"><rect width="1" height="1"/></a>' +
          '<use href="https://evil.example/sprite.svg#x"/><use xlink:href="#local"/><rect fill="url(https://evil.example/p)" onclick="alert(3)" style="x"/>',
        ' onload="alert(4)"',
      ),
    )!;
    for (const bad of ['script', 'alert', 'style', 'foreignObject', 'iframe', 'image', 'evil.example', 'javascript', 'onclick', 'onload', '>hi']) {
      expect(out).not.toContain(bad);
    }
    expect(out).toContain('<use xlink:href="#local">');
    expect(out).toContain('<rect width="1" height="1">');
  });

  it('is refused when no <svg> is left', () => {
    expect(sanitizeSvg(Buffer.from('<script>alert(1)</script>'))).toBeNull();
  });
});
