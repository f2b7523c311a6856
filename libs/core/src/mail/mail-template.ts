/** A mail as users read it: Dutch first, English beside it, as text and as HTML. */
export interface MailContent {
  subject: string;
  /** Paragraphs of plain text; they are escaped for the HTML part. */
  paragraphs: string[];
  action?: { label: string; url: string };
  footer?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => ESCAPES[char]);

/**
 * A name someone chose (a group's, a user's), set off in a mail's text as a name: on one
 * line, bounded, between quotes, so that it cannot pass for the platform's own words. Such
 * names go in the body only, never in a subject (which mail clients show as the sender's).
 */
export function quotedName(name: string, max = 120): string {
  // eslint-disable-next-line no-control-regex
  const line = name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\s]+/g, ' ').trim();
  return `“${line.length > max ? `${line.slice(0, max - 1)}…` : line}”`;
}

/**
 * Renders a mail from plain parts. Every value is escaped, so names and titles that users
 * wrote can go in without becoming markup.
 */
export function renderMail(content: MailContent): RenderedMail {
  const text = [
    ...content.paragraphs,
    ...(content.action ? [`${content.action.label}: ${content.action.url}`] : []),
    ...(content.footer ? ['--', content.footer] : []),
  ].join('\n\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;max-width:40em">',
    ...content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    content.action
      ? `<p><a href="${escapeHtml(content.action.url)}" style="background:#0b5cad;color:#fff;padding:.6em 1em;border-radius:4px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>`
      : '',
    content.footer ? `<hr><p style="color:#666;font-size:small">${escapeHtml(content.footer)}</p>` : '',
    '</body></html>',
  ].join('\n');
  return { subject: content.subject, text: `${text}\n`, html };
}
