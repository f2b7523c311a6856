import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { ActivityLog, clip, DomainEvents, type NewActivity } from '@kennisplein/core';
import { KennisbankVerb } from '../kennisbank.activities.js';
import { type ThemeRef } from '../themes/themes.repository.js';
import { ThemesService } from '../themes/themes.service.js';
import { AuthorsService } from './authors.service.js';
import type { ContributionInput, StoreStatus } from './contribution.js';
import { ContributionWorkspaces } from './contribution-workspaces.service.js';
import { ContributionsRepository, type ContributionFields, type StoredSource } from './contributions.repository.js';

/** What storeMany answers for each document: where it is now, or why it could not be stored. */
export type StoreOutcome = { id: string; status: StoreStatus } | { error: unknown };

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

  /**
   * Stores many documents of one congress (an import's batch), answering each one's
   * outcome or error in order. The new ones (a file name and bytes the congress does not
   * have) are written together, in one transaction and a few statements: all of them or
   * none. The rest, and every document of a batch that failed, go through store() one by
   * one, so a bad document fails alone and leaves nothing behind.
   */
  async storeMany(inputs: ContributionInput[]): Promise<StoreOutcome[]> {
    const outcomes = new Array<StoreOutcome | undefined>(inputs.length);
    try {
      for (const [index, outcome] of await this.storeNew(inputs)) outcomes[index] = outcome;
    } catch {
      // Which document broke the batch is found by storing them one by one below.
    }
    for (const [index, input] of inputs.entries()) {
      if (outcomes[index]) continue;
      try {
        outcomes[index] = await this.store(input);
      } catch (error) {
        outcomes[index] = { error };
      }
    }
    // The bulk part writes without store(): its new contributions change the public answers too.
    if (outcomes.some((outcome) => outcome !== undefined && 'status' in outcome && outcome.status !== 'unchanged')) this.events.emit('kennisbank.changed', {});
    return outcomes as StoreOutcome[];
  }

  /** The bulk part of storeMany: the outcomes it settled, by index; the others are left to store(). */
  private async storeNew(inputs: ContributionInput[]): Promise<Map<number, StoreOutcome>> {
    const [first] = inputs;
    // One congress, from files, each name and each content once: anything else is store()'s.
    const candidates: number[] = [];
    const names = new Set<string>();
    const hashes = new Set<string>();
    for (const [index, input] of inputs.entries()) {
      if (input.sourceName === null || input.congressId !== first.congressId || input.createdBy !== first.createdBy) continue;
      if (names.has(input.sourceName) || hashes.has(input.contentHash)) continue;
      names.add(input.sourceName);
      hashes.add(input.contentHash);
      candidates.push(index);
    }
    if (candidates.length === 0) return new Map();
    const { congressId, createdBy } = first;
    const siteId = await this.workspaces.siteOf(first.congressSlug);
    const emails = [...new Set(candidates.flatMap((index) => inputs[index].authors.flatMap((author) => (author.email ? [author.email.toLowerCase()] : []))))];
    const accounts = await this.authors.verifiedAccounts(emails);
    const settled = await this.dataSource.transaction(async (manager) => {
      const result = new Map<number, StoreOutcome>();
      await this.contributions.lockDocuments(manager, congressId, [...names, ...hashes]);
      const existing = await this.contributions.existingSources(manager, congressId, [...names]);
      const sameBytes = await this.contributions.findIdsByHashes(manager, congressId, [...hashes]);
      const fresh: number[] = [];
      for (const index of candidates) {
        const input = inputs[index];
        if (existing.has(input.sourceName!)) continue; // unchanged or updated: store() decides
        const same = sameBytes.get(input.contentHash);
        if (same) result.set(index, { id: same, status: 'unchanged' });
        else fresh.push(index);
      }
      if (fresh.length === 0) return result;
      // Themes in name order, the same in every batch: their locks never deadlock.
      const themeNames = [...new Set(fresh.flatMap((index) => (inputs[index].theme ? [inputs[index].theme] : [])))].sort();
      const themes = new Map<string, ThemeRef>();
      for (const name of themeNames) themes.set(name, await this.themes.ensure(name, createdBy, manager));
      const themeOf = (input: ContributionInput) => (input.theme ? themes.get(input.theme)! : null);
      const ids = fresh.map(() => randomUUID());
      const opened = await this.workspaces.openMany(
        manager,
        fresh.map((index, i) => ({
          contributionId: ids[i],
          title: inputs[index].title,
          abstract: inputs[index].abstract,
          siteId,
          parentId: themeOf(inputs[index])?.groupId ?? null,
          createdBy,
          owners: this.authors.accountsOf(inputs[index].authors, accounts),
        })),
      );
      await this.contributions.insertMany(
        manager,
        fresh.map((index, i) => ({
          ...fieldsOf(inputs[index], themeOf(inputs[index])),
          id: ids[i],
          congressId,
          sourceName: inputs[index].sourceName,
          workspaceGroupId: opened[i].groupId,
          feedbackThreadId: opened[i].feedbackThreadId,
          createdBy,
        })),
      );
      await this.authors.addMany(
        manager,
        fresh.map((index, i) => ({ contributionId: ids[i], authors: inputs[index].authors })),
        accounts,
      );
      await this.activity.recordMany(
        fresh.map((index, i) => this.addedActivity(ids[i], inputs[index], themeOf(inputs[index]), siteId)),
        manager,
      );
      fresh.forEach((index, i) => result.set(index, { id: ids[i], status: 'created' }));
      return result;
    });
    // As in store(): link the emails that had no account when the batch began.
    const unmatched = emails.filter((email) => !accounts.has(email));
    if ([...settled.values()].some((outcome) => 'status' in outcome && outcome.status === 'created') && unmatched.length > 0) {
      await this.authors.linkRegistered(unmatched);
    }
    return settled;
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
    await this.activity.record(this.addedActivity(id, input, theme, siteId), manager);
  }

  private addedActivity(id: string, input: ContributionInput, theme: ThemeRef | null, siteId: string | null): NewActivity {
    return {
      verb: KennisbankVerb.ContributionAdded,
      actorId: input.createdBy,
      groupId: theme?.groupId ?? null,
      siteId,
      objectType: 'contribution',
      objectId: id,
      snapshot: { title: input.title, link: `/contributions/${id}`, excerpt: clip(input.abstract, 200) },
    };
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
