import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { ActivityLog, clip, DomainEvents } from '@kennisplein/core';
import { KennisbankVerb } from '../kennisbank.activities.js';
import { type ThemeRef } from '../themes/themes.repository.js';
import { ThemesService } from '../themes/themes.service.js';
import { AuthorsService } from './authors.service.js';
import type { ContributionInput, StoreStatus } from './contribution.js';
import { ContributionWorkspaces } from './contribution-workspaces.service.js';
import { ContributionsRepository, type ContributionFields, type StoredSource } from './contributions.repository.js';

/** Storing contributions (an import, an admin): each with its workspace, made in the same transaction. */
@Injectable()
export class ContributionWriter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contributions: ContributionsRepository,
    private readonly themes: ThemesService,
    private readonly workspaces: ContributionWorkspaces,
    private readonly authors: AuthorsService,
    private readonly activity: ActivityLog,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Creates a contribution, updates the one imported from the same file when the file
   * changed, or changes nothing when the same document is there already (same file, or
   * the same bytes under another name). Concurrent imports of one file wait on an
   * advisory lock, so each document is stored once.
   */
  async store(input: ContributionInput): Promise<{ id: string; status: StoreStatus }> {
    // Read before the transaction: nothing takes a second pooled connection while the transaction holds locks.
    const siteId = await this.workspaces.siteOf(input.congressSlug);
    const emails = input.authors.flatMap((author) => (author.email ? [author.email.toLowerCase()] : []));
    const accounts = await this.authors.verifiedAccounts(emails);
    const outcome = await this.dataSource.transaction(async (manager): Promise<{ id: string; status: StoreStatus }> => {
      if (input.sourceName !== null) {
        await this.contributions.lockDocument(manager, input.congressId, input.sourceName);
        const existing = await this.contributions.findBySource(manager, input.congressId, input.sourceName);
        if (existing?.contentHash === input.contentHash) return { id: existing.id, status: 'unchanged' };
        // The hash lock, also for an update: a concurrent import of these bytes under
        // another name waits for this one and then finds them.
        await this.contributions.lockDocument(manager, input.congressId, input.contentHash);
        if (existing) {
          await this.update(manager, existing, input, accounts);
          return { id: existing.id, status: 'updated' };
        }
      } else {
        await this.contributions.lockDocument(manager, input.congressId, input.contentHash);
      }
      const same = await this.contributions.findIdByHash(manager, input.congressId, input.contentHash);
      if (same) return { id: same, status: 'unchanged' };
      return { id: await this.insert(manager, input, siteId, accounts), status: 'created' };
    });
    // An account registered while this transaction ran could not see its authors: link
    // the emails that had no account again, now that the authors are committed.
    const unmatched = emails.filter((email) => !accounts.has(email));
    if (outcome.status !== 'unchanged' && unmatched.length > 0) await this.authors.linkRegistered(unmatched);
    if (outcome.status !== 'unchanged') this.events.emit('kennisbank.changed', { contributionId: outcome.id });
    return outcome;
  }

  private async insert(manager: EntityManager, input: ContributionInput, siteId: string | null, accounts: Map<string, string>): Promise<string> {
    const theme = input.theme ? await this.themes.ensure(input.theme, input.createdBy, manager) : null;
    const id = randomUUID();
    const workspace = await this.workspaces.open(manager, {
      contributionId: id,
      title: input.title,
      abstract: input.abstract,
      siteId,
      parentId: theme?.groupId ?? null,
      createdBy: input.createdBy,
      owners: this.authors.accountsOf(input.authors, accounts),
    });
    await this.contributions.insert(manager, {
      ...fieldsOf(input, theme),
      id,
      congressId: input.congressId,
      sourceName: input.sourceName,
      workspaceGroupId: workspace.groupId,
      feedbackThreadId: workspace.feedbackThreadId,
      createdBy: input.createdBy,
    });
    await this.authors.add(manager, id, input.authors, accounts);
    await this.recordAdded(manager, id, input, theme, siteId);
    return id;
  }

  /** A changed document: new text, authors and theme; the workspace, its members and its discussion stay. */
  private async update(manager: EntityManager, existing: StoredSource, input: ContributionInput, accounts: Map<string, string>): Promise<void> {
    const theme = input.theme ? await this.themes.ensure(input.theme, input.createdBy, manager) : null;
    await this.contributions.update(manager, existing.id, fieldsOf(input, theme));
    const owners = await this.authors.replace(manager, existing.id, input.authors, accounts);
    await this.workspaces.update(manager, existing.workspaceGroupId, { title: input.title, parentId: theme?.groupId ?? null, owners });
  }

  /** Tells the theme group's followers that the track has a new contribution. */
  private async recordAdded(manager: EntityManager, id: string, input: ContributionInput, theme: ThemeRef | null, siteId: string | null) {
    await this.activity.record(
      {
        verb: KennisbankVerb.ContributionAdded,
        actorId: input.createdBy,
        groupId: theme?.groupId ?? null,
        siteId,
        objectType: 'contribution',
        objectId: id,
        snapshot: { title: input.title, link: `/contributions/${id}`, excerpt: clip(input.abstract, 200) },
      },
      manager,
    );
  }
}

function fieldsOf(input: ContributionInput, theme: ThemeRef | null): ContributionFields {
  return {
    themeId: theme?.id ?? null,
    title: input.title,
    abstract: input.abstract,
    body: input.body,
    keywords: input.keywords,
    language: input.language,
    sourceType: input.sourceType,
    contentHash: input.contentHash,
  };
}
