import { parentPort } from 'node:worker_threads';
import { extractPdfText } from './pdf-text.js';

// A PdfTextPool's thread: extracts one PDF at a time; imports pdf-text alone, so it starts quickly.
parentPort?.on('message', ({ id, bytes }: { id: number; bytes: Uint8Array }) => {
  extractPdfText(bytes).then(
    (text) => parentPort?.postMessage({ id, text }),
    (error: unknown) => parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});
