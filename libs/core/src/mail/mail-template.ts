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
