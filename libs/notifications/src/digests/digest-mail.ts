import { type ActivityVerbDefinition, activityVerbs, escapeHtml, type OutgoingMail } from '@kennisplein/core';

export interface DigestItem {
  verb: string;
  actorName: string | null;
  title: string;
  excerpt?: string;
  url: string;
}

export type DigestLocale = 'nl' | 'en';
export type DigestMailFrequency = 'weekly' | 'daily';

export interface DigestContent {
  to: string;
  locale: DigestLocale;
  displayName: string;
  frequency: DigestMailFrequency;
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
    greeting: 'Hallo {name},',
    intro: { weekly: 'Dit gebeurde er deze week in je groepen.', daily: 'Dit gebeurde er gisteren en vandaag in je groepen.' },
    someone: 'Iemand',
    settings: 'Instellingen van je samenvatting',
    unsubscribe: 'Afmelden voor deze mails',
  },
  en: {
    subject: { weekly: 'Your week on Kennisplein', daily: 'Your day on Kennisplein' },
    greeting: 'Hello {name},',
    intro: { weekly: 'This is what happened in your groups this week.', daily: 'This is what happened in your groups since yesterday.' },
    someone: 'Someone',
    settings: 'Your digest settings',
    unsubscribe: 'Unsubscribe from these mails',
  },
};

/**
 * A template compiled once: its source split at the {slots}, so that rendering only joins
 * the fixed parts and the values (escaped by the caller where they go into HTML).
 * `escapeFixed`: the fixed parts are text (a verb's line) and are escaped for HTML here, once.
 */
export type Template = (values: Record<string, string>) => string;

export function compileTemplate(source: string, escapeFixed = false): Template {
  const parts = source.split(/\{(\w+)\}/);
  if (escapeFixed) for (let i = 0; i < parts.length; i += 2) parts[i] = escapeHtml(parts[i]);
  if (parts.length === 1) return () => parts[0];
  return (values) => {
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) out += values[parts[i]] + parts[i + 1];
    return out;
  };
}

/** Marks where a verb's line puts the actor, to compile the line into a template. */
const ACTOR = '\u0000actor\u0000';

/** A verb's line as a template of {actor}; null when the line does not use the actor once as given. */
function lineSource(describe: (actor: string) => string): string | null {
  const line = describe(ACTOR);
  const parts = line.split(ACTOR);
  return parts.length === 2 && !parts.some((part) => /[{}]/.test(part)) ? `${parts[0]}{actor}${parts[1]}` : null;
}

interface Line {
  text: (actor: string) => string;
  html: (actor: string) => string;
}

interface CompiledLocale {
  subject: Record<DigestMailFrequency, string>;
  someone: string;
  /** a verb's line, plain and HTML, of the actor's name as written, by verb */
  lines: Map<string, Line>;
  fallbackLine: Line;
  text: { head: Record<DigestMailFrequency, Template>; group: Template; item: Template; excerpt: Template; foot: Template };
  html: { head: Record<DigestMailFrequency, Template>; group: Template; item: Template; excerpt: Template; foot: Template };
}

function compileLocale(locale: DigestLocale, verbs: { verb: string; definition: ActivityVerbDefinition }[]): CompiledLocale {
  const text = TEXT[locale];
  const lines = new Map<string, Line>();
  for (const { verb, definition } of verbs) {
    const describe = definition[locale];
    const source = lineSource(describe);
    if (source) {
      const [plain, html] = [compileTemplate(source), compileTemplate(source, true)];
      lines.set(verb, { text: (actor) => plain({ actor }), html: (actor) => html({ actor: escapeHtml(actor) }) });
    } else {
      // A line that is no plain template: called as it is at each render.
      lines.set(verb, { text: describe, html: (actor) => escapeHtml(describe(actor)) });
    }
  }
  // The platform's own words are escaped here, once; the slots' values at each render.
  const head = (frequency: DigestMailFrequency) => ({
    text: compileTemplate(`${text.greeting}\n\n${text.intro[frequency]}`),
    html: compileTemplate(
      `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif;max-width:640px">\n<p>${escapeHtml(text.greeting)}</p>\n<p>${escapeHtml(text.intro[frequency])}</p>\n`,
    ),
  });
  const weekly = head('weekly');
  const daily = head('daily');
  return {
    subject: text.subject,
    someone: text.someone,
    lines,
    // A verb no loaded lib declares (an old row) shows the actor alone.
    fallbackLine: { text: (actor) => actor, html: escapeHtml },
    text: {
      head: { weekly: weekly.text, daily: daily.text },
      group: compileTemplate('\n\n== {name} =='),
      item: compileTemplate('\n- {line}: {title}{excerpt}\n  {url}'),
      excerpt: compileTemplate(' — {excerpt}'),
      foot: compileTemplate(`\n\n${text.settings}: {settingsUrl}\n${text.unsubscribe}: {unsubscribeUrl}`),
    },
    html: {
      head: { weekly: weekly.html, daily: daily.html },
      // Between groups a newline, as the groups were joined before.
      group: compileTemplate('<h2 style="font-size:18px">{name}</h2>\n<ul>{items}</ul>'),
      item: compileTemplate('<li><a href="{url}">{line}: {title}</a>{excerpt}</li>'),
      excerpt: compileTemplate('<br><span style="color:#555">{excerpt}</span>'),
      foot: compileTemplate(
        `\n<p style="font-size:12px;color:#666"><a href="{settingsUrl}">${escapeHtml(text.settings)}</a> · <a href="{unsubscribeUrl}">${escapeHtml(text.unsubscribe)}</a></p>\n</body></html>`,
      ),
    },
  };
}

const HEADERS_POST = 'List-Unsubscribe=One-Click';

/**
 * The digest mail: HTML and plain text in the reader's language, grouped by group, with
 * RFC 8058 one-click unsubscribe. Its templates are compiled when it is made (once, when
 * the module starts), each verb's line included, from the verbs the libs declared by then.
 */
export class DigestMail {
  private readonly locales: Record<DigestLocale, CompiledLocale>;

  constructor(verbs: { verb: string; definition: ActivityVerbDefinition }[] = activityVerbs().map((definition) => ({ verb: definition.verb, definition }))) {
    this.locales = { nl: compileLocale('nl', verbs), en: compileLocale('en', verbs) };
  }

  render(content: DigestContent): OutgoingMail {
    const compiled = this.locales[content.locale];
    const { text, html } = compiled;
    const name = { name: content.displayName };
    let plain = text.head[content.frequency](name);
    let body = html.head[content.frequency]({ name: escapeHtml(content.displayName) });
    for (let g = 0; g < content.groups.length; g++) {
      const group = content.groups[g];
      plain += text.group({ name: group.name });
      let items = '';
      for (const item of group.items) {
        const line = compiled.lines.get(item.verb) ?? compiled.fallbackLine;
        const actor = item.actorName ?? compiled.someone;
        plain += text.item({ line: line.text(actor), title: item.title, excerpt: item.excerpt ? text.excerpt({ excerpt: item.excerpt }) : '', url: item.url });
        items += html.item({
          url: escapeHtml(item.url),
          line: line.html(actor),
          title: escapeHtml(item.title),
          excerpt: item.excerpt ? html.excerpt({ excerpt: escapeHtml(item.excerpt) }) : '',
        });
      }
      body += (g > 0 ? '\n' : '') + html.group({ name: escapeHtml(group.name), items });
    }
    plain += text.foot({ settingsUrl: content.settingsUrl, unsubscribeUrl: content.unsubscribeUrl });
    body += html.foot({ settingsUrl: escapeHtml(content.settingsUrl), unsubscribeUrl: escapeHtml(content.unsubscribeUrl) });
    return {
      to: content.to,
      subject: compiled.subject[content.frequency],
      text: plain,
      html: body,
      headers: { 'List-Unsubscribe': `<${content.oneClickUnsubscribeUrl}>`, 'List-Unsubscribe-Post': HEADERS_POST },
    };
  }
}
