import type { INestApplicationContext } from '@nestjs/common';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CongressesService, DocumentRejected, type DocumentSource, ImportService, KennisbankConfig } from '@kennisplein/kennisbank';
import { StartupError } from '@kennisplein/core';

const DOCUMENT = /\.(txt|text|md|markdown|pdf)$/i;

/** The documents of a folder, read one at a time when the import gets to them. */
export async function documentsIn(folder: string, maxFileBytes: number): Promise<DocumentSource[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    throw new StartupError(`cannot read the folder ${folder}`);
  }
  return entries
    .filter((entry) => entry.isFile() && DOCUMENT.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      name,
      read: async () => {
        const path = join(folder, name);
        const { size } = await stat(path);
        if (size > maxFileBytes) throw new DocumentRejected(`too large: ${size} bytes, more than IMPORT_MAX_FILE_BYTES (${maxFileBytes})`);
        return readFile(path);
      },
    }));
}

/** A progress bar on a terminal; a line per tenth elsewhere (CI logs). */
function progressReporter(stream: NodeJS.WriteStream): (done: number, total: number) => void {
  const started = Date.now();
  let lastTenth = -1;
  return (done, total) => {
    const rate = done / Math.max((Date.now() - started) / 1000, 0.001);
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${Math.round((done / total) * 100)}% ${rate.toFixed(0)} docs/s`);
      if (done === total) stream.write('\n');
    } else {
      const tenth = Math.floor((done / total) * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        stream.write(`${done}/${total} documents (${rate.toFixed(0)} docs/s)\n`);
      }
    }
  };
}

function table(rows: [string, string][]): string {
  const left = Math.max(...rows.map(([label]) => label.length));
  const right = Math.max(...rows.map(([, value]) => value.length));
  const line = (l: string, m: string, r: string) => `${l}${'─'.repeat(left + 2)}${m}${'─'.repeat(right + 2)}${r}`;
  return [
    line('┌', '┬', '┐'),
    ...rows.map(([label, value]) => `│ ${label.padEnd(left)} │ ${value.padStart(right)} │`),
    line('└', '┴', '┘'),
  ].join('\n');
}

/**
 * `npm run cli -- import <folder> --congress nioc2013`: imports a folder of kennisbank
 * documents. A congress slug of the form niocYYYY that does not exist yet is made.
 */
export async function runImport(app: INestApplicationContext, folder: string, congress: string, concurrency: number) {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const congresses = app.get(CongressesService);
  if (!(await congresses.findIdBySlug(congress))) {
    const year = /^nioc(\d{4})$/.exec(congress)?.[1];
    if (!year) throw new StartupError(`congress ${congress} does not exist: create it with POST /congresses, or use a slug like nioc2013`);
    await congresses.ensure({ slug: congress, name: `NIOC ${year}`, year: Number(year) });
    say(`made congress ${congress}`);
  }
  const documents = await documentsIn(resolve(folder), app.get(KennisbankConfig).IMPORT_MAX_FILE_BYTES);
  if (documents.length === 0) throw new StartupError(`no .txt, .md or .pdf documents in ${folder}`);
  const started = Date.now();
  const result = await app.get(ImportService).importDocuments(congress, documents, {
    createdBy: null,
    concurrency,
    onProgress: progressReporter(process.stderr),
  });
  const seconds = (Date.now() - started) / 1000;
  say(
    table([
      ['documents', String(documents.length)],
      ['created', String(result.created)],
      ['updated', String(result.updated)],
      ['unchanged', String(result.unchanged)],
      ['failed', String(result.failed.length)],
      ['seconds', seconds.toFixed(1)],
      ['documents/s', (documents.length / seconds).toFixed(1)],
    ]),
  );
  const guessed = result.documents.filter((document) => document.guessed.length > 0);
  if (guessed.length > 0) say(`${guessed.length} document(s) with guessed fields, e.g. ${guessed[0].file}: ${guessed[0].guessed.join(', ')}`);
  for (const failure of result.failed) say(`failed  ${failure.file}: ${failure.reason}`);
  if (result.failed.length > 0) process.exitCode = 1;
}
