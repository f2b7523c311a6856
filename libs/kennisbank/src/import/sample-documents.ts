import { Injectable, Logger } from '@nestjs/common';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CongressesService } from '../congresses/congresses.service.js';
import { ContributionsRepository } from '../contributions/contributions.repository.js';
import { ImportService } from './import.service.js';
import { KennisbankConfig } from '../kennisbank.config.js';

/** The congress the shipped sample documents are filed under. */
const SAMPLE_CONGRESS = { slug: 'nioc2013', name: 'NIOC 2013', year: 2013 };

/**
 * On an empty kennisbank, the api imports the documents of SAMPLE_DOCUMENTS_DIR, so a
 * newcomer's `npm start` shows a living kennisbank. The import is idempotent, so two
 * instances starting together store each document once.
 */
@Injectable()
export class SampleDocuments {
  private readonly logger = new Logger('Kennisbank');

  constructor(
    private readonly contributions: ContributionsRepository,
    private readonly config: KennisbankConfig,
    private readonly congresses: CongressesService,
    private readonly importer: ImportService,
  ) {}

  /** Never throws: the samples are a courtesy, the api runs without them. */
  async importIfEmpty(): Promise<void> {
    try {
      await this.importSamples();
    } catch (error) {
      this.logger.error(`the sample documents were not imported: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async importSamples(): Promise<void> {
    if (this.config.SAMPLE_DOCUMENTS_DIR === '') return;
    if (!(await this.contributions.isEmpty())) return;
    const dir = resolve(this.config.SAMPLE_DOCUMENTS_DIR);
    let names: string[];
    try {
      names = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => entry.name);
    } catch {
      this.logger.warn(`no sample documents: ${dir} cannot be read`);
      return;
    }
    await this.congresses.ensure(SAMPLE_CONGRESS);
    const result = await this.importer.importDocuments(
      SAMPLE_CONGRESS.slug,
      names.sort().map((name) => ({ name, read: () => readFile(join(dir, name)) })),
      { createdBy: null },
    );
    this.logger.log(`imported the sample documents into ${SAMPLE_CONGRESS.slug}: ${result.created} created, ${result.failed.length} failed`);
  }
}
