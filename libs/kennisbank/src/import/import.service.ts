import { Injectable, Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { AuthUser } from '@kennisplein/core';
import { AccessPolicy, PlatformAction } from '@kennisplein/community';
import { CongressesService } from '../congresses/congresses.service.js';
import { ImportErrors } from '../kennisbank.errors.js';
import { ContributionWriter } from '../contributions/contribution-writer.service.js';
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

/**
 * Imports kennisbank documents (text, Markdown, PDF) into a congress. Each document is
 * read, parsed and stored on its own, in its own transaction: a bad one is reported
 * with its reason and never stops or half-writes the others.
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
    let done = 0;
    const outcomes = await mapConcurrently(documents, options.concurrency ?? 1, async (document) => {
      const outcome = await this.importOne(congressId, congress, document, options.createdBy);
      options.onProgress?.(++done, documents.length);
      return outcome;
    });
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

  private async importOne(congressId: string, congress: string, document: DocumentSource, createdBy: string | null): Promise<Outcome> {
    const file = cleanFileName(document.name);
    try {
      const bytes = await document.read();
      const { kind, text } = await readDocument(file, bytes);
      const parsed = parseKennisbankDocument(text);
      if (parsed.body.length > MAX_IMPORTED_BODY_LENGTH) throw new DocumentRejected('de tekst is te lang / the text is too long');
      const { id, status } = await this.contributions.store({
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
      });
      return { file, contributionId: id, status, guessed: parsed.guessed };
    } catch (error) {
      if (error instanceof DocumentRejected) return { file, failed: error.message };
      if (error instanceof DocumentParseError) return { file, failed: `onleesbaar / unreadable: ${error.message}` };
      const errorId = randomUUID();
      this.logger.error(`import of ${file} failed (error id ${errorId}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { file, failed: `kon niet worden opgeslagen / could not be stored (error id ${errorId})` };
    }
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
