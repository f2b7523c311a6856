import { extractPdfText } from '@kennisplein/core';

export type DocumentKind = 'text' | 'markdown' | 'pdf';

/** Why a file is not a kennisbank document; the import lists it under `failed` with this reason. */
export class DocumentRejected extends Error {}

export interface DocumentText {
  kind: DocumentKind;
  text: string;
}

const PDF_MAGIC = Buffer.from('%PDF-');
/** Like git: a NUL byte or many control characters in the first 8 KiB make a file binary. */
const SNIFF_BYTES = 8192;

/**
 * Turns an uploaded file into text: a PDF's text layer, or text in UTF-8 (or the
 * Windows-1252 of older documents). `extractPdf` reads a PDF's text (an import passes its
 * PdfTextPool's, to read PDFs on worker threads).
 */
export async function readDocument(name: string, bytes: Buffer, extractPdf: (bytes: Uint8Array) => Promise<string> = extractPdfText): Promise<DocumentText> {
  if (bytes.length === 0) throw new DocumentRejected('het bestand is leeg / the file is empty');
  // A PDF starts with %PDF-; some tools put a few bytes before it, which a .pdf name allows.
  const isPdf = bytes.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC) || (/\.pdf$/i.test(name) && bytes.subarray(0, 1024).includes(PDF_MAGIC));
  if (isPdf) return { kind: 'pdf', text: await readPdf(bytes, extractPdf) };
  if (looksBinary(bytes)) {
    throw new DocumentRejected('binair bestand, geen tekst, Markdown of PDF / binary file, not a text, Markdown or PDF document');
  }
  const text = decodeText(bytes);
  if (text.trim() === '') throw new DocumentRejected('het bestand bevat geen tekst / the file has no text');
  const kind = /\.(md|markdown)$/i.test(name) ? 'markdown' : 'text';
  return { kind, text: kind === 'markdown' ? plainHeader(text) : text };
}

async function readPdf(bytes: Buffer, extractPdf: (bytes: Uint8Array) => Promise<string>): Promise<string> {
  let text: string;
  try {
    text = await extractPdf(bytes);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new DocumentRejected(`de PDF is onleesbaar / the PDF could not be read (${detail.slice(0, 200)})`);
  }
  if (text.trim() === '') {
    throw new DocumentRejected('de PDF heeft geen tekstlaag (een scan?) / the PDF has no text layer (a scan?)');
  }
  return text;
}

function looksBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (head.includes(0)) return true;
  let control = 0;
  for (const byte of head) if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  return control > head.length * 0.05;
}

function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/**
 * A Markdown document states its header in Markdown ("# Title", "**Door:** …"): those
 * marks go, so the header reads like the text documents'. The body stays Markdown.
 */
function plainHeader(text: string): string {
  const lines = text.split(/\r?\n/);
  const headerEnd = lines.findIndex((line) => /^\W*Trefwoorden\W*:/i.test(line) || /^\W*Door\W*:/i.test(line));
  const last = headerEnd === -1 ? 0 : Math.min(lines.length, headerEnd + 3);
  for (let i = 0; i < last; i++) {
    lines[i] = lines[i]
      .replace(/^\s{0,3}#{1,6}\s+/, '')
      .replace(/^(\s*)(\*\*|__)(Door|Trefwoorden)\s*:?\s*(\*\*|__):?/i, '$1$3:')
      .replace(/^(\s*)[*_]{1,2}(.+?)[*_]{1,2}\s*$/, '$1$2');
  }
  return lines.join('\n');
}
