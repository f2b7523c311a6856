import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Raw HTML in markdown is not rendered at all (html: false); sanitize-html then keeps a
// fixed set of tags and attributes, so no script, no event handler, no javascript: link.
// Images of other hosts become links: a reader's browser fetches nothing from a host the
// writer chose (which would tell that host the reader's IP); images of our own (a path)
// stay images.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'strong', 'em', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li',
    'a', 'img', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title'],
    th: ['style'],
    td: ['style'],
  },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer', target: '_blank' }),
    img: (tagName, attribs) => {
      const src = attribs.src ?? '';
      if (isOwnPath(src)) return { tagName, attribs };
      return {
        tagName: 'a',
        attribs: { href: src, rel: 'nofollow noopener noreferrer', target: '_blank', ...(attribs.title ? { title: attribs.title } : {}) },
        text: attribs.alt || src,
      };
    },
  },
};

/** A path on this site (`/api/v1/files/…`), not a URL of another host (`https:`, `//host`). */
function isOwnPath(src: string): boolean {
  return /^\/(?![/\\])/.test(src.trim());
}

/** Markdown as users write it → HTML that is safe to show to everyone. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), SANITIZE).trim();
}
