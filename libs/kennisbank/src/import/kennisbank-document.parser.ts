/**
 * Reads a kennisbank document as text: an optional NIOC preamble, a theme line, the
 * title, "Door: Name; Organisation", "Trefwoorden: a, b, c", then the body. A document
 * without those lines still reads: its title is its first sentence, it has no authors,
 * and `guessed` says which fields were guessed.
 */
export interface ParsedAuthor {
  name: string;
  affiliation: string | null;
  /** When the document gives one ("Jan Jansen (j.jansen@han.nl); HAN"): the account it links to. */
  email?: string;
}

export interface ParsedDocument {
  title: string;
  theme: string | null;
  authors: ParsedAuthor[];
  keywords: string[];
  abstract: string;
  body: string;
  language: 'nl' | 'en';
  /** Fields that were not stated in the document but guessed. */
  guessed: ('title' | 'theme' | 'authors' | 'keywords')[];
}

const PREAMBLE_START = /^\s*Stichting NIOC en de NIOC kennisbank\s*$/m;
/** The preamble's last paragraph, in every kennisbank document that has one. */
const PREAMBLE_END = /^\s*Vermeld bij reacties.*$/m;
const AUTHORS_LINE = /^\s*Door\s*:\s*(.+)$/im;
const KEYWORDS_LINE = /^\s*Trefwoorden\s*:\s*(.+)$/im;
const MAX_TITLE = 200;

export class DocumentParseError extends Error {}

export function parseKennisbankDocument(raw: string): ParsedDocument {
  const text = normalise(raw);
  if (text.trim() === '') throw new DocumentParseError('the document has no text');
  const withoutPreamble = stripPreamble(text);
  const lines = withoutPreamble.split('\n');
  const authorsAt = lines.findIndex((line) => AUTHORS_LINE.test(line));
  if (authorsAt === -1) return parseWithoutHeader(withoutPreamble);

  const before = lines.slice(0, authorsAt).filter((line) => line.trim() !== '');
  const title = before.at(-1)?.trim() ?? '';
  // The theme line stands right above the title, and is a short line, not a sentence.
  const themeCandidate = before.at(-2)?.trim();
  const theme = themeCandidate && themeCandidate.length <= 100 && !/[.!?]$/.test(themeCandidate) ? themeCandidate : null;
  const authors = parseAuthors(AUTHORS_LINE.exec(lines[authorsAt])?.[1] ?? '');

  let bodyStart = authorsAt + 1;
  let keywords: string[] = [];
  const keywordsAt = lines.findIndex((line, i) => i > authorsAt && i <= authorsAt + 3 && KEYWORDS_LINE.test(line));
  if (keywordsAt !== -1) {
    keywords = parseKeywords(KEYWORDS_LINE.exec(lines[keywordsAt])?.[1] ?? '');
    bodyStart = keywordsAt + 1;
  }
  const body = lines.slice(bodyStart).join('\n').trim();
  const guessed: ParsedDocument['guessed'] = [];
  if (!title) guessed.push('title');
  if (!theme) guessed.push('theme');
  if (keywordsAt === -1) guessed.push('keywords');
  return {
    title: title || firstSentence(body),
    theme,
    authors,
    keywords,
    abstract: abstractOf(body),
    body,
    language: detectLanguage(body),
    guessed,
  };
}

function parseWithoutHeader(text: string): ParsedDocument {
  const body = text.trim();
  return {
    title: firstSentence(body),
    theme: null,
    authors: [],
    keywords: [],
    abstract: abstractOf(body),
    body,
    language: detectLanguage(body),
    guessed: ['title', 'theme', 'authors', 'keywords'],
  };
}

/** Line ends, non-breaking spaces and the odd quote marks of converted documents. */
function normalise(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\u00A0/g, ' ')
    .replace(/\u00A8/g, '"');
}

function stripPreamble(text: string): string {
  const start = PREAMBLE_START.exec(text);
  if (!start || start.index > 500) return text;
  const end = PREAMBLE_END.exec(text);
  return end && end.index > start.index ? text.slice(end.index + end[0].length) : text;
}

/**
 * "Name; Organisation", several authors separated by commas or " en ": one organisation
 * for all ("A, B en C; HAN") or one each ("A; HAN, B; Windesheim").
 */
export function parseAuthors(line: string): ParsedAuthor[] {
  const text = line.trim().replace(/\.$/, '');
  if (!text) return [];
  const splitNames = (names: string) =>
    names
      .split(/\s*,\s*|\s+en\s+|\s*&\s*/)
      .map((name) => name.trim())
      .filter(Boolean);
  const parts = text.split(';').map((part) => part.trim());
  if (parts.length <= 2) {
    const affiliation = parts[1] || null;
    return splitNames(parts[0]).map((name) => withEmail({ name, affiliation }));
  }
  // One organisation each: "A; Org1, B; Org2 en C; Org3" — each middle part is "Org, Next name".
  const authors: ParsedAuthor[] = [];
  let name = parts[0];
  for (let i = 1; i < parts.length; i++) {
    const isLast = i === parts.length - 1;
    const match = isLast ? null : /^(.*)(?:,|\s+en)\s+([^,]+)$/.exec(parts[i]);
    const affiliation = match ? match[1].trim() : parts[i];
    authors.push(withEmail({ name, affiliation: affiliation || null }));
    if (match) name = match[2].trim();
  }
  return authors;
}

const EMAIL_IN_NAME = /\s*[(<]\s*([^\s()<>@]+@[^\s()<>@]+\.[a-z]{2,})\s*[)>]\s*/i;

function withEmail(author: ParsedAuthor): ParsedAuthor {
  const match = EMAIL_IN_NAME.exec(author.name);
  if (!match) return author;
  return { ...author, name: author.name.replace(match[0], ' ').trim(), email: match[1].toLowerCase() };
}

export function parseKeywords(line: string): string[] {
  return [
    ...new Set(
      line
        .replace(/\.\s*$/, '')
        .split(/[,;]/)
        .map((keyword) => keyword.trim())
        .filter(Boolean),
    ),
  ];
}

function firstSentence(body: string): string {
  const firstLine = body.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
  const sentence = /^(.+?[.!?])(\s|$)/.exec(firstLine)?.[1] ?? firstLine;
  return sentence.length > MAX_TITLE ? `${sentence.slice(0, MAX_TITLE - 1).trimEnd()}…` : sentence;
}

function abstractOf(body: string): string {
  const paragraph = body.split(/\n\s*\n/).find((part) => part.trim().length > 0)?.trim() ?? '';
  return paragraph.length > 600 ? `${paragraph.slice(0, 599).trimEnd()}…` : paragraph;
}

const DUTCH = new Set(['de', 'het', 'een', 'en', 'van', 'is', 'dat', 'op', 'niet', 'met', 'voor', 'zijn', 'wordt', 'ook']);
const ENGLISH = new Set(['the', 'a', 'an', 'and', 'of', 'is', 'that', 'on', 'not', 'with', 'for', 'are', 'this', 'be']);

function detectLanguage(body: string): 'nl' | 'en' {
  let dutch = 0;
  let english = 0;
  for (const word of body.toLowerCase().split(/[^a-zà-ÿ]+/).slice(0, 2000)) {
    if (DUTCH.has(word)) dutch++;
    if (ENGLISH.has(word)) english++;
  }
  return english > dutch ? 'en' : 'nl';
}
