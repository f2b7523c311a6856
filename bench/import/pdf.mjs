// PDFs of the benchmark's generated documents, made with pdfkit (a devDependency): real
// text layers with the standard Helvetica font, one paragraph per block, so the import's
// PDF extraction (pdfjs-dist) does real work and finds the same header and paragraphs.
import PDFDocument from 'pdfkit';

/** The PDF of a kennisbank text document, paragraph by paragraph. */
export function pdfOf(text) {
  // compress: false keeps generation cheap; pdfjs reads both.
  const doc = new PDFDocument({ size: 'A4', compress: false, info: { Title: 'kennisbank' } });
  const chunks = [];
  doc.on('data', (chunk) => chunks.push(chunk));
  const done = new Promise((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const paragraphs = text.split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean);
  doc.fontSize(11);
  for (const paragraph of paragraphs) {
    doc.text(paragraph);
    doc.moveDown();
  }
  doc.end();
  return done;
}
