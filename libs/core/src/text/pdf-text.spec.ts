import { describe, expect, it } from '@jest/globals';
import PDFDocument from 'pdfkit';
import { extractPdfText } from './pdf-text.js';

const pdfOf = (text: string) =>
  new Promise<Buffer>((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });

/** The functions pdfjs's core-js replaces, as they are now (read as values: they are compared, never called). */
const current = () => [Reflect.get(JSON, 'stringify'), Reflect.get(JSON, 'parse'), Reflect.get(Array.prototype, 'push'), Reflect.get(Function.prototype, 'toString')] as unknown[];

describe('extractPdfText', () => {
  it("reads a PDF's text and leaves the process's JSON, Array.prototype.push and Function.prototype.toString native", async () => {
    const natives = current();
    expect(await extractPdfText(await pdfOf('Een paper over netwerken.'))).toBe('Een paper over netwerken.');
    // pdfjs's core-js would otherwise have replaced them with slower JavaScript (issue 17).
    expect(current()).toEqual(natives);
    expect(await extractPdfText(await pdfOf('Nog een.'))).toBe('Nog een.');
    expect(current()).toEqual(natives);
  });
});
