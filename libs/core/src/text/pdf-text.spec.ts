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

describe('extractPdfText', () => {
  it("reads a PDF's text and leaves the process's JSON, Array.prototype.push and Function.prototype.toString native", async () => {
    const natives = [JSON.stringify, JSON.parse, Array.prototype.push, Function.prototype.toString];
    expect(await extractPdfText(await pdfOf('Een paper over netwerken.'))).toBe('Een paper over netwerken.');
    // pdfjs's core-js would otherwise have replaced them with slower JavaScript (issue 17).
    expect([JSON.stringify, JSON.parse, Array.prototype.push, Function.prototype.toString]).toEqual(natives);
    expect(await extractPdfText(await pdfOf('Nog een.'))).toBe('Nog een.');
    expect([JSON.stringify, JSON.parse, Array.prototype.push, Function.prototype.toString]).toEqual(natives);
  });
});
