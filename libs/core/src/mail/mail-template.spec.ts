import { describe, expect, it } from '@jest/globals';
import { renderMail } from './mail-template.js';

describe('renderMail', () => {
  it('escapes what users wrote in the HTML part and keeps it as written in the text part', () => {
    const mail = renderMail({
      subject: 'Uitnodiging',
      paragraphs: ['Groep <script>alert(1)</script> & "co"'],
      action: { label: 'Accepteren', url: 'https://example.org/invites/a?b=1&c=2' },
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;');
    expect(mail.html).toContain('href="https://example.org/invites/a?b=1&amp;c=2"');
    expect(mail.text).toContain('Groep <script>alert(1)</script> & "co"');
    expect(mail.text).toContain('Accepteren: https://example.org/invites/a?b=1&c=2');
  });
});
