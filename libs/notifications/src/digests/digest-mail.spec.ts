import { describe, expect, it } from '@jest/globals';
import { compileTemplate, type DigestContent, DigestMail } from './digest-mail.js';

const verbs = [
  { verb: 'test.posted', definition: { audience: 'group' as const, nl: (a: string) => `${a} schreef een bericht`, en: (a: string) => `${a} posted a message` } },
  // Not a plain template of the actor (it is used twice): rendered by calling the line itself.
  { verb: 'test.echo', definition: { audience: 'group' as const, nl: (a: string) => `${a} en ${a}`, en: (a: string) => `${a} and ${a}` } },
];

const content = (groups: DigestContent['groups'], locale: 'nl' | 'en' = 'nl'): DigestContent => ({
  to: 'rosa@example.org',
  locale,
  displayName: 'Rosa <R>',
  frequency: 'weekly',
  groups,
  unsubscribeUrl: 'https://k.example/digests/unsubscribe?token=a&b',
  oneClickUnsubscribeUrl: 'https://k.example/api/v1/digests/unsubscribe?token=a',
  settingsUrl: 'https://k.example/settings',
});

describe('compileTemplate', () => {
  it('fills the slots with the values as given, and escapes only the fixed parts when asked', () => {
    expect(compileTemplate('Hallo {name}, {name}!')({ name: '{name} & co' })).toBe('Hallo {name} & co, {name} & co!');
    expect(compileTemplate('"{actor}" & meer', true)({ actor: '<b>' })).toBe('&quot;<b>&quot; &amp; meer');
    expect(compileTemplate('geen slots')({})).toBe('geen slots');
  });
});

describe('DigestMail', () => {
  const mail = new DigestMail(verbs);

  it('renders text and HTML from its compiled templates, escaping what users wrote in the HTML only', () => {
    const rendered = mail.render(
      content([
        {
          name: 'Groep & co',
          items: [
            { verb: 'test.posted', actorName: 'Wim <W>', title: 'Les "1"', excerpt: 'Een excerpt', url: 'https://k.example/threads/1?a=1&b=2' },
            { verb: 'test.posted', actorName: null, title: 'Zonder naam', url: 'https://k.example/threads/2' },
          ],
        },
        { name: 'Tweede', items: [{ verb: 'unknown.verb', actorName: 'Ann', title: 'Oud', url: 'https://k.example/x' }] },
      ]),
    );
    expect(rendered.subject).toBe('Je week op Kennisplein');
    expect(rendered.text).toBe(
      [
        'Hallo Rosa <R>,',
        '',
        'Dit gebeurde er deze week in je groepen.',
        '',
        '== Groep & co ==',
        '- Wim <W> schreef een bericht: Les "1" — Een excerpt\n  https://k.example/threads/1?a=1&b=2',
        '- Iemand schreef een bericht: Zonder naam\n  https://k.example/threads/2',
        '',
        '== Tweede ==',
        '- Ann: Oud\n  https://k.example/x',
        '',
        'Instellingen van je samenvatting: https://k.example/settings',
        'Afmelden voor deze mails: https://k.example/digests/unsubscribe?token=a&b',
      ].join('\n'),
    );
    expect(rendered.html).toBe(
      `<!doctype html><html lang="nl"><body style="font-family:sans-serif;max-width:640px">
<p>Hallo Rosa &lt;R&gt;,</p>
<p>Dit gebeurde er deze week in je groepen.</p>
<h2 style="font-size:18px">Groep &amp; co</h2>
<ul><li><a href="https://k.example/threads/1?a=1&amp;b=2">Wim &lt;W&gt; schreef een bericht: Les &quot;1&quot;</a><br><span style="color:#555">Een excerpt</span></li><li><a href="https://k.example/threads/2">Iemand schreef een bericht: Zonder naam</a></li></ul>
<h2 style="font-size:18px">Tweede</h2>
<ul><li><a href="https://k.example/x">Ann: Oud</a></li></ul>
<p style="font-size:12px;color:#666"><a href="https://k.example/settings">Instellingen van je samenvatting</a> · <a href="https://k.example/digests/unsubscribe?token=a&amp;b">Afmelden voor deze mails</a></p>
</body></html>`,
    );
    expect(rendered.headers).toEqual({
      'List-Unsubscribe': '<https://k.example/api/v1/digests/unsubscribe?token=a>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('renders a line that is no plain template of the actor by calling it, in the reader’s language', () => {
    const rendered = mail.render(content([{ name: 'G', items: [{ verb: 'test.echo', actorName: 'A&B', title: 'T', url: 'https://k.example/t' }] }], 'en'));
    expect(rendered.subject).toBe('Your week on Kennisplein');
    expect(rendered.text).toContain('- A&B and A&B: T');
    expect(rendered.html).toContain('>A&amp;B and A&amp;B: T</a>');
  });
});
