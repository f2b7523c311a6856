type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/**
 * pdfjs's legacy build (the one that runs on Node 20) carries core-js, which replaces
 * JSON.stringify, JSON.parse, Array.prototype.push and Function.prototype.toString with
 * JavaScript versions when it loads, and again when its worker loads: every answer the api
 * serialized went through them (bench:reads, issue 17). pdfjs is loaded when a PDF is first
 * read, and the natives are put back after loading and after each document; what core-js
 * only adds (Promise.withResolvers…, which pdfjs needs on Node 20) stays.
 */
const NATIVES = ([
  [JSON, 'stringify'],
  [JSON, 'parse'],
  [Array.prototype, 'push'],
  [Function.prototype, 'toString'],
] as const).map(([owner, key]) => ({ owner, key, descriptor: Object.getOwnPropertyDescriptor(owner, key) as PropertyDescriptor }));

function restoreNatives(): void {
  for (const { owner, key, descriptor } of NATIVES) {
    if (Object.getOwnPropertyDescriptor(owner, key)?.value !== descriptor.value) Object.defineProperty(owner, key, descriptor);
  }
}

let loaded: Promise<Pdfjs> | undefined;
const pdfjs = (): Promise<Pdfjs> =>
  (loaded ??= import('pdfjs-dist/legacy/build/pdf.mjs').then((module) => {
    restoreNatives();
    return module;
  }));

interface Line {
  text: string;
  y: number;
  height: number;
}

/** Pages beyond this are not read: no congress paper is longer, and a hostile file must not run on. */
const MAX_PAGES = 300;

/**
 * The text layer of a PDF, laid out as the kennisbank's text documents are: one line per
 * paragraph, a blank line between paragraphs. PDFs have no paragraphs, only positioned
 * lines; a paragraph ends where the gap to the next line is clearly larger than the usual
 * line spacing, or where the font size changes (a title above its byline).
 */
export async function extractPdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await pdfjs();
  // pdfjs takes ownership of the buffer it is given, so it gets a copy.
  const task = getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    const pdf = await task.promise;
    const paragraphs: string[] = [];
    for (let number = 1; number <= Math.min(pdf.numPages, MAX_PAGES); number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      paragraphs.push(...toParagraphs(toLines(content.items)));
      page.cleanup();
    }
    return paragraphs.join('\n\n');
  } finally {
    await task.destroy();
    restoreNatives();
  }
}

function toLines(items: readonly unknown[]): Line[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  for (const item of items) {
    if (!isTextItem(item)) continue;
    const y = item.transform[5];
    if (current && Math.abs(current.y - y) > current.height / 2 && item.str.trim() !== '') {
      lines.push(current);
      current = null;
    }
    current ??= { text: '', y, height: item.height || 1 };
    current.text += item.str;
    if (item.hasEOL) {
      lines.push(current);
      current = null;
    }
  }
  if (current) lines.push(current);
  return lines.map((line) => ({ ...line, text: line.text.replace(/\s+/g, ' ').trim() })).filter((line) => line.text !== '');
}

function toParagraphs(lines: Line[]): string[] {
  const gaps = lines.slice(1).map((line, i) => lines[i].y - line.y).filter((gap) => gap > 0);
  const usualGap = median(gaps) ?? 0;
  const paragraphs: string[] = [];
  let paragraph = '';
  lines.forEach((line, i) => {
    const previous = lines[i - 1];
    const gap = previous ? previous.y - line.y : 0;
    const sizeChanged = previous && Math.abs(line.height - previous.height) > previous.height * 0.15;
    const startsNew = !previous || gap <= 0 || gap > usualGap * 1.4 || sizeChanged;
    if (startsNew) {
      if (paragraph) paragraphs.push(paragraph);
      paragraph = line.text;
    } else {
      // A line broken after a hyphen (co-/creatie) joins without a space.
      paragraph += paragraph.endsWith('-') ? line.text : ` ${line.text}`;
    }
  });
  if (paragraph) paragraphs.push(paragraph);
  return paragraphs;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface TextItem {
  str: string;
  hasEOL: boolean;
  height: number;
  transform: number[];
}

function isTextItem(item: unknown): item is TextItem {
  return typeof item === 'object' && item !== null && 'str' in item && 'transform' in item;
}
