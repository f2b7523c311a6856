import { describe, expect, it } from '@jest/globals';
import { renderMarkdown } from './markdown.js';

describe('renderMarkdown', () => {
  it('renders markdown', () => {
    expect(renderMarkdown('**Goed** idee, zie [het paper](https://nioc.nl/p.pdf)')).toBe(
      '<p><strong>Goed</strong> idee, zie <a href="https://nioc.nl/p.pdf" rel="nofollow noopener noreferrer" target="_blank">het paper</a></p>',
    );
  });

  it.each([
    ['a script tag', '<script>alert(1)</script>'],
    ['an event handler', '<img src="https://x/y.png" onerror="alert(1)">'],
    ['a javascript: link', '[klik](javascript:alert(1))'],
    ['a javascript: link in HTML', '<a href="javascript:alert(1)">klik</a>'],
    ['a data: image', '![x](data:image/svg+xml;base64,PHN2Zz4=)'],
    ['an iframe', '<iframe src="https://evil.example"></iframe>'],
  ])('never lets through %s', (_name, source) => {
    const html = renderMarkdown(source);
    // What is left may show the attempt as text; it must not be markup.
    expect(html).not.toMatch(/<script|<iframe/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son\w+\s*=/i);
    expect(html).not.toMatch(/<a[^>]*href="\s*javascript:/i);
    expect(html).not.toMatch(/<img[^>]*src="\s*(data|javascript):/i);
  });

  it('drops javascript: links that markdown would render', () => {
    expect(renderMarkdown('<javascript:alert(1)>')).not.toMatch(/href="javascript/i);
    expect(renderMarkdown('[x](JaVaScRiPt:alert(1))')).not.toMatch(/href=/i);
  });

  it('keeps images over https', () => {
    expect(renderMarkdown('![grafiek](https://example.org/g.png)')).toBe('<p><img src="https://example.org/g.png" alt="grafiek" /></p>');
  });
});
