import { describeActivity, type OutgoingMail } from '@kennisplein/core';

export interface DigestItem {
  verb: string;
  actorName: string | null;
  title: string;
  excerpt?: string;
  url: string;
}

export interface DigestContent {
  to: string;
  locale: 'nl' | 'en';
  displayName: string;
  frequency: 'weekly' | 'daily';
  groups: { name: string; items: DigestItem[] }[];
  /** the body's link: the web client's confirmation page (opening it changes nothing) */
  unsubscribeUrl: string;
  /** List-Unsubscribe: the api's one-click URL, which the mail client POSTs to (RFC 8058) */
  oneClickUnsubscribeUrl: string;
  settingsUrl: string;
}

const TEXT = {
  nl: {
    subject: { weekly: 'Je week op Kennisplein', daily: 'Je dag op Kennisplein' },
    greeting: (name: string) => `Hallo ${name},`,
    intro: { weekly: 'Dit gebeurde er deze week in je groepen.', daily: 'Dit gebeurde er gisteren en vandaag in je groepen.' },
    someone: 'Iemand',
    settings: 'Instellingen van je samenvatting',
    unsubscribe: 'Afmelden voor deze mails',
  },
  en: {
    subject: { weekly: 'Your week on Kennisplein', daily: 'Your day on Kennisplein' },
    greeting: (name: string) => `Hello ${name},`,
    intro: { weekly: 'This is what happened in your groups this week.', daily: 'This is what happened in your groups since yesterday.' },
    someone: 'Someone',
    settings: 'Your digest settings',
    unsubscribe: 'Unsubscribe from these mails',
  },
};

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

/** The digest mail: HTML and plain text in the reader's language, grouped by group, with RFC 8058 one-click unsubscribe. */
export function renderDigest(content: DigestContent): OutgoingMail {
  const text = TEXT[content.locale];
  // Each verb's line comes from the lib that declared it.
  const line = (item: DigestItem) => describeActivity(item.verb, content.locale, item.actorName ?? text.someone);
  const plain = [
    text.greeting(content.displayName),
    '',
    text.intro[content.frequency],
    ...content.groups.flatMap((group) => [
      '',
      `== ${group.name} ==`,
      ...group.items.map((item) => `- ${line(item)}: ${item.title}${item.excerpt ? ` — ${item.excerpt}` : ''}\n  ${item.url}`),
    ]),
    '',
    `${text.settings}: ${content.settingsUrl}`,
    `${text.unsubscribe}: ${content.unsubscribeUrl}`,
  ].join('\n');
  const html = `<!doctype html><html lang="${content.locale}"><body style="font-family:sans-serif;max-width:640px">
<p>${escape(text.greeting(content.displayName))}</p>
<p>${escape(text.intro[content.frequency])}</p>
${content.groups
  .map(
    (group) => `<h2 style="font-size:18px">${escape(group.name)}</h2>
<ul>${group.items
      .map(
        (item) =>
          `<li><a href="${escape(item.url)}">${escape(line(item))}: ${escape(item.title)}</a>${item.excerpt ? `<br><span style="color:#555">${escape(item.excerpt)}</span>` : ''}</li>`,
      )
      .join('')}</ul>`,
  )
  .join('\n')}
<p style="font-size:12px;color:#666"><a href="${escape(content.settingsUrl)}">${escape(text.settings)}</a> · <a href="${escape(content.unsubscribeUrl)}">${escape(text.unsubscribe)}</a></p>
</body></html>`;
  return {
    to: content.to,
    subject: text.subject[content.frequency],
    text: plain,
    html,
    headers: { 'List-Unsubscribe': `<${content.oneClickUnsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}
