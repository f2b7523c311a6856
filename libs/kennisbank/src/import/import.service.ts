import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { type AuthUser, PdfTextPool } from '@kennisplein/core';
import { AccessPolicy, PlatformAction } from '@kennisplein/community';
import { CongressesService } from '../congresses/congresses.service.js';
import { ImportErrors } from '../kennisbank.errors.js';
import type { ContributionInput } from '../contributions/contribution.js';
import { ContributionWriter, type StoreOutcome } from '../contributions/contribution-writer.service.js';
import { MAX_IMPORTED_BODY_LENGTH, type ImportResultDto } from '../contributions/dto/contribution.dto.js';
import { DocumentRejected, readDocument } from './document-reader.js';
import { DocumentParseError, parseKennisbankDocument } from './kennisbank-document.parser.js';
import type { DocumentSource } from './multipart-upload.js';

export interface ImportOptions {
  createdBy: string | null;
  /** Documents read and stored at once. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

type Outcome =
  | { file: string; failed: string }
  | { file: string; contributionId: string; status: 'created' | 'updated' | 'unchanged'; guessed: string[] };

/** A document read and parsed, waiting for its batch to be stored. */
interface Prepared {
  index: number;
  file: string;
  input: ContributionInput;
  guessed: string[];
}

/** Documents stored together, in one transaction (ContributionWriter.storeMany). */
const BATCH_SIZE = 50;
/** Batches written at once: PostgreSQL computes the search vectors, one core per batch. */
const WRITING_BATCHES = 2;

/**
 * Imports kennisbank documents (text, Markdown, PDF) into a congress. Documents are read
 * and parsed `concurrency` at a time (PDFs on worker threads) and stored in batches of
 * new ones, all of a batch or none; a batch that fails is stored one document at a time.
 * So a bad document is reported with its reason and never stops or half-writes the others.
 */
@Injectable()
export class ImportService {
  private readonly logger = new Logger('KennisbankImport');

  constructor(
    private readonly policy: AccessPolicy,
    private readonly congresses: CongressesService,
    private readonly contributions: ContributionWriter,
  ) {}

  /** POST /contributions/import: admins only, into a congress that exists. */
  async importFor(caller: AuthUser, congress: string | undefined, documents: DocumentSource[]): Promise<ImportResultDto> {
    this.policy.assertPlatform(caller, PlatformAction.ManageKennisbank);
    if (!congress) throw ImportErrors.congress_required();
    if (documents.length === 0) throw ImportErrors.no_documents();
    return this.importDocuments(congress, documents, { createdBy: caller.id, concurrency: 2 });
  }

  async importDocuments(congress: string, documents: DocumentSource[], options: ImportOptions): Promise<ImportResultDto> {
    const congressId = await this.congresses.requireIdBySlug(congress);
    const outcomes = new Array<Outcome>(documents.length);
    let done = 0;
    const settle = (index: number, outcome: Outcome) => {
      outcomes[index] = outcome;
      options.onProgress?.(++done, documents.length);
    };
    const pdfs = new PdfTextPool();
    const writing = new Set<Promise<void>>();
    let batch: Prepared[] = [];
    // Hands the batch to a writer once one is free: reading stays at most a batch per lane ahead of writing.
    const flush = async () => {
      const taken = batch;
      batch = [];
      while (writing.size >= WRITING_BATCHES) await Promise.race(writing);
      const write: Promise<void> = this.storeBatch(taken, settle).finally(() => writing.delete(write));
      writing.add(write);
    };
    try {
      await mapConcurrently(
        documents.map((document, index) => ({ document, index })),
        options.concurrency ?? 1,
        async ({ document, index }) => {
          const prepared = await this.prepare(congressId, congress, document, options.createdBy, pdfs);
          if ('failed' in prepared) return settle(index, prepared);
          batch.push({ index, ...prepared });
          if (batch.length >= BATCH_SIZE) await flush();
        },
      );
      if (batch.length > 0) await flush();
      await Promise.all(writing);
    } finally {
      await pdfs.close();
    }
    const result: ImportResultDto = { created: 0, updated: 0, unchanged: 0, failed: [], documents: [] };
    for (const outcome of outcomes) {
      if ('failed' in outcome) {
        result.failed.push({ file: outcome.file, reason: outcome.failed });
      } else {
        result[outcome.status]++;
        result.documents.push(outcome);
      }
    }
    return result;
  }

  /** Reads and parses a document into what is stored of it, or its failure. */
  private async prepare(
    congressId: string,
    congress: string,
    document: DocumentSource,
    createdBy: string | null,
    pdfs: PdfTextPool,
  ): Promise<Omit<Prepared, 'index'> | { file: string; failed: string }> {
    const file = cleanFileName(document.name);
    try {
      const bytes = await document.read();
      const { kind, text } = await readDocument(file, bytes, (pdf) => pdfs.extract(pdf));
      const parsed = parseKennisbankDocument(text);
      if (parsed.body.length > MAX_IMPORTED_BODY_LENGTH) throw new DocumentRejected('de tekst is te lang / the text is too long');
      const input: ContributionInput = {
        congressId,
        congressSlug: congress,
        theme: parsed.theme,
        title: parsed.title.slice(0, 500),
        abstract: parsed.abstract,
        body: parsed.body,
        keywords: parsed.keywords.map((keyword) => keyword.slice(0, 100)).slice(0, 30),
        language: parsed.language,
        authors: parsed.authors.slice(0, 30),
        sourceName: file,
        sourceType: kind,
        contentHash: createHash('sha256').update(bytes).digest('hex'),
        createdBy,
      };
      return { file, input, guessed: parsed.guessed };
    } catch (error) {
      if (error instanceof DocumentRejected) return { file, failed: error.message };
      if (error instanceof DocumentParseError) return { file, failed: `onleesbaar / unreadable: ${error.message}` };
      return { file, failed: this.notStored(file, error) };
    }
  }

  /** Stores a batch and settles each of its documents; never throws. */
  private async storeBatch(batch: Prepared[], settle: (index: number, outcome: Outcome) => void): Promise<void> {
    let stored: StoreOutcome[];
    try {
      stored = await this.contributions.storeMany(batch.map((prepared) => prepared.input));
    } catch (error) {
      stored = batch.map(() => ({ error }));
    }
    batch.forEach(({ index, file, guessed }, i) => {
      const outcome = stored[i];
      settle(index, 'error' in outcome ? { file, failed: this.notStored(file, outcome.error) } : { file, contributionId: outcome.id, status: outcome.status, guessed });
    });
  }

  private notStored(file: string, error: unknown): string {
    const errorId = randomUUID();
    this.logger.error(`import of ${file} failed (error id ${errorId}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return `kon niet worden opgeslagen / could not be stored (error id ${errorId})`;
  }
}

/** A file's own name: no folders, no control characters, at most 255 bytes. */
export function cleanFileName(name: string): string {
  const cleaned = basename(name.replace(/\\/g, '/'))
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .trim();
  let result = cleaned || 'document';
  while (Buffer.byteLength(result) > 255) result = result.slice(0, -1);
  return result;
}

async function mapConcurrently<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}
