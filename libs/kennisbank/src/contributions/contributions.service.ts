import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { ActivityLog, type AuthUser, PostingLimit } from '@kennisplein/core';
import { AccessPolicy, GroupAction, GroupsService, MembershipsService, PlatformAction, SitesService } from '@kennisplein/community';
import { DiscussionsService, type MessageDto, MessagesService, type Posted } from '@kennisplein/discussions';
import { UsersService } from '@kennisplein/identity';
import { KennisbankVerb } from '../kennisbank.activities.js';
import { CongressesService } from '../congresses/congresses.service.js';
import { type ThemeRef, ThemesService } from '../themes/themes.service.js';
import { AuthorsService } from './authors.service.js';
import { ContributionQueries } from './contribution-queries.js';
import type { Language, SourceType } from './contribution.entity.js';
import type { ContributionDto, CreateContributionDto } from './dto/contribution.dto.js';
import type { FeedbackDto } from './dto/feedback.dto.js';

export interface AuthorInput {
  name: string;
  affiliation: string | null;
  email?: string;
}

/** A contribution as an import or an admin states it. */
export interface ContributionInput {
  congressId: string;
  congressSlug: string;
  theme: string | null;
  title: string;
  abstract: string;
  body: string;
  keywords: string[];
  language: Language;
  authors: AuthorInput[];
  /** The file it came from: the same name in the same congress is the same contribution. */
  sourceName: string | null;
  sourceType: SourceType;
  contentHash: string;
  createdBy: string | null;
}

export type StoreStatus = 'created' | 'updated' | 'unchanged';

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

/** Writing contributions: each with its workspace group and feedback thread, made in the same transaction. */
@Injectable()
export class ContributionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly groups: GroupsService,
    private readonly memberships: MembershipsService,
    private readonly sites: SitesService,
    private readonly discussions: DiscussionsService,
    private readonly messages: MessagesService,
    private readonly users: UsersService,
    private readonly themes: ThemesService,
    private readonly congresses: CongressesService,
    private readonly activity: ActivityLog,
    private readonly queries: ContributionQueries,
    private readonly authors: AuthorsService,
    private readonly postingLimit: PostingLimit,
  ) {}

  /** POST /contributions (admin). */
  async create(caller: AuthUser, input: CreateContributionDto): Promise<ContributionDto> {
    this.policy.assertPlatform(caller, PlatformAction.ManageKennisbank);
    const congressId = await this.congresses.requireIdBySlug(input.congress);
    const fields = {
      theme: input.theme ?? null,
      title: input.title,
      abstract: input.abstract ?? '',
      body: input.body,
      keywords: [...new Set(input.keywords ?? [])],
      language: input.language ?? 'nl',
      authors: input.authors.map((author) => ({ name: author.name, affiliation: author.affiliation || null, email: author.email })),
    };
    // The same contribution posted twice (every field the same) is stored once.
    const contentHash = createHash('sha256').update(JSON.stringify(fields)).digest('hex');
    const { id } = await this.store({
      ...fields,
      congressId,
      congressSlug: input.congress,
      sourceName: null,
      sourceType: 'api',
      contentHash,
      createdBy: caller.id,
    });
    return this.queries.get(id);
  }

  /**
   * Creates a contribution, updates the one imported from the same file when the file
   * changed, or changes nothing when the same document is there already (same file, or
   * the same bytes under another name). Concurrent imports of one file wait on an
   * advisory lock, so each document is stored once.
   */
  async store(input: ContributionInput): Promise<{ id: string; status: StoreStatus }> {
    // Read before the transaction: nothing takes a second pooled connection while the transaction holds locks.
    const siteId = await this.sites.findIdByCongress(input.congressSlug);
    const emails = input.authors.flatMap((author) => (author.email ? [author.email.toLowerCase()] : []));
    const accounts = await this.users.findVerifiedIdsByEmails(emails);
    const outcome = await this.dataSource.transaction(async (manager): Promise<{ id: string; status: StoreStatus }> => {
      if (input.sourceName !== null) {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))`, [input.congressId, input.sourceName]);
        const [existing] = await manager.query<{ id: string; content_hash: string; workspace_group_id: string }[]>(
          `SELECT id, content_hash, workspace_group_id FROM contributions WHERE congress_id = $1 AND source_name = $2`,
          [input.congressId, input.sourceName],
        );
        if (existing?.content_hash === input.contentHash) return { id: existing.id, status: 'unchanged' };
        // The hash lock, also for an update: a concurrent import of these bytes under
        // another name waits for this one and then finds them.
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))`, [input.congressId, input.contentHash]);
        if (existing) {
          await this.update(existing.id, existing.workspace_group_id, input, accounts, manager);
          return { id: existing.id, status: 'updated' };
        }
      }
      if (input.sourceName === null) {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))`, [input.congressId, input.contentHash]);
      }
      const [same] = await manager.query<{ id: string }[]>(
        `SELECT id FROM contributions WHERE congress_id = $1 AND content_hash = $2 LIMIT 1`,
        [input.congressId, input.contentHash],
      );
      if (same) return { id: same.id, status: 'unchanged' };
      return { id: await this.insert(input, siteId, accounts, manager), status: 'created' };
    });
    // An account registered while this transaction ran could not see its authors: link
    // the emails that had no account again, now that the authors are committed.
    const unmatched = emails.filter((email) => !accounts.has(email));
    if (outcome.status !== 'unchanged' && unmatched.length > 0) await this.authors.linkRegistered(unmatched);
    return outcome;
  }

  /**
   * POST /contributions/:id/feedback: a message in the workspace's feedback thread, open
   * to every logged-in reader who can see the workspace (no need to join it), and an
   * activity for the authors, written in the same transaction. With a clientId, sent again
   * it answers the original feedback (created: false) and records nothing.
   */
  async giveFeedback(caller: AuthUser, contributionId: string, input: FeedbackDto): Promise<Posted<MessageDto>> {
    const workspace = await this.queries.workspaceOf(contributionId);
    await this.policy.assertGroup(caller, GroupAction.GiveFeedback, workspace.groupId);
    const { body, clientId } = input;
    const threadId = workspace.feedbackThreadId;
    const posted = await this.messages.storeOnce({ threadId, authorId: caller.id, clientId }, async () => {
      await this.postingLimit.consume(caller.id);
      return this.dataSource.transaction(async (manager) => {
        const message = await this.messages.append({ threadId, authorId: caller.id, body, clientId }, manager);
        await this.activity.record(
          {
            verb: KennisbankVerb.FeedbackGiven,
            actorId: caller.id,
            groupId: workspace.groupId,
            objectType: 'message',
            objectId: message.id,
            recipientIds: workspace.authorUserIds.filter((userId) => userId !== caller.id),
            snapshot: {
              title: workspace.title,
              link: `/contributions/${contributionId}#feedback-${message.seq}`,
              excerpt: clip(body, 200),
              contributionId,
              threadId,
            },
          },
          manager,
        );
        return message;
      });
    });
    return this.messages.deliver(posted);
  }

  private async insert(input: ContributionInput, siteId: string | null, accounts: Map<string, string>, manager: EntityManager): Promise<string> {
    const theme = input.theme ? await this.themes.ensure(input.theme, input.createdBy, manager) : null;
    const id = randomUUID();
    const groupId = await this.groups.create(
      {
        siteId,
        parentId: theme?.groupId ?? null,
        contributionId: id,
        name: clip(input.title, 200),
        description: clip(input.abstract, 5000),
        visibility: 'public',
        membership: 'open',
        createdBy: input.createdBy,
        owners: linkedUserIds(input.authors, accounts),
      },
      manager,
    );
    const thread = await this.discussions.openSubjectThread(
      {
        groupId,
        title: clip(`Feedback: ${input.title}`, 200),
        kind: 'feedback',
        subject: { type: 'contribution', id },
        createdBy: input.createdBy,
      },
      manager,
    );
    await manager.query(
      `INSERT INTO contributions (id, congress_id, theme_id, title, abstract, body, keywords, language, source_name, source_type,
                                  content_hash, workspace_group_id, feedback_thread_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        id,
        input.congressId,
        theme?.id ?? null,
        input.title,
        input.abstract,
        input.body,
        input.keywords,
        input.language,
        input.sourceName,
        input.sourceType,
        input.contentHash,
        groupId,
        thread.id,
        input.createdBy,
      ],
    );
    await this.insertAuthors(id, input.authors, accounts, new Map(), manager);
    await this.recordAdded(id, input, theme, siteId, manager);
    return id;
  }

  /** A changed document: new text, authors and theme; the workspace, its members and its discussion stay. */
  private async update(
    id: string,
    groupId: string,
    input: ContributionInput,
    accounts: Map<string, string>,
    manager: EntityManager,
  ): Promise<void> {
    const theme = input.theme ? await this.themes.ensure(input.theme, input.createdBy, manager) : null;
    await manager.query(
      `UPDATE contributions SET theme_id = $2, title = $3, abstract = $4, body = $5, keywords = $6, language = $7,
                                source_type = $8, content_hash = $9, updated_at = now()
       WHERE id = $1`,
      [id, theme?.id ?? null, input.title, input.abstract, input.body, input.keywords, input.language, input.sourceType, input.contentHash],
    );
    // An author already linked to an account stays linked when the new version still names them.
    const linked = await manager.query<{ name: string; user_id: string }[]>(
      `SELECT lower(name) AS name, user_id FROM contribution_authors WHERE contribution_id = $1 AND user_id IS NOT NULL`,
      [id],
    );
    await manager.query(`DELETE FROM contribution_authors WHERE contribution_id = $1`, [id]);
    const owners = await this.insertAuthors(id, input.authors, accounts, new Map(linked.map((row) => [row.name, row.user_id])), manager);
    await this.groups.updateWorkspace(groupId, { name: clip(input.title, 200), parentId: theme?.groupId ?? null }, manager);
    for (const userId of owners) await this.memberships.makeOwner(groupId, userId, manager);
  }

  /** Inserts the authors in one statement; answers the accounts linked to them. */
  private async insertAuthors(
    contributionId: string,
    authors: AuthorInput[],
    accounts: Map<string, string>,
    linkedByName: Map<string, string>,
    manager: EntityManager,
  ): Promise<string[]> {
    if (authors.length === 0) return [];
    const userIds = authors.map(
      (author) => (author.email ? accounts.get(author.email.toLowerCase()) : undefined) ?? linkedByName.get(author.name.toLowerCase()) ?? null,
    );
    await manager.query(
      `INSERT INTO contribution_authors (contribution_id, position, name, affiliation, email, user_id)
       SELECT $1, ordinality, name, affiliation, email, user_id
       FROM unnest($2::text[], $3::text[], $4::text[], $5::uuid[]) WITH ORDINALITY AS a (name, affiliation, email, user_id, ordinality)`,
      [
        contributionId,
        authors.map((author) => clip(author.name, 200)),
        authors.map((author) => (author.affiliation ? clip(author.affiliation, 200) : null)),
        authors.map((author) => author.email?.toLowerCase() ?? null),
        userIds,
      ],
    );
    return [...new Set(userIds.filter((userId): userId is string => userId !== null))];
  }

  /** Tells the theme group's followers that the track has a new contribution. */
  private async recordAdded(id: string, input: ContributionInput, theme: ThemeRef | null, siteId: string | null, manager: EntityManager) {
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

function linkedUserIds(authors: AuthorInput[], accounts: Map<string, string>): string[] {
  return authors.flatMap((author) => {
    const userId = author.email ? accounts.get(author.email.toLowerCase()) : undefined;
    return userId ? [userId] : [];
  });
}
