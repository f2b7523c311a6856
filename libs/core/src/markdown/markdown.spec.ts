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

  it('renders images of other hosts as links, so a reader fetches nothing from them', () => {
    expect(renderMarkdown('![grafiek](https://example.org/g.png)')).toBe(
      '<p><a href="https://example.org/g.png" rel="nofollow noopener noreferrer" target="_blank">grafiek</a></p>',
    );
    expect(renderMarkdown('![](http://tracker.example/pixel.gif "t")')).toBe(
      '<p><a href="http://tracker.example/pixel.gif" rel="nofollow noopener noreferrer" target="_blank" title="t">http://tracker.example/pixel.gif</a></p>',
    );
    for (const source of ['![x](//tracker.example/p.gif)', '<img src="https://tracker.example/p.gif">', '![x](HTTPS://tracker.example/p.gif)', '![x]( //tracker.example/p.gif)']) {
      expect(renderMarkdown(source)).not.toMatch(/<img/i);
    }
  });

  it('keeps images of this site (a path) as images', () => {
    expect(renderMarkdown('![grafiek](/api/v1/files/1/content)')).toBe('<p><img src="/api/v1/files/1/content" alt="grafiek" /></p>');
  });
});
