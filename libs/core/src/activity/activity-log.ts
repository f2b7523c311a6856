import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { PersonalDataRegistry } from '../personal-data/personal-data.registry.js';

/** What happened. Every lib records its verbs here; notifications turns them into notifications and digests. */
export enum ActivityVerb {
  MessagePosted = 'message.posted',
  FeedbackGiven = 'feedback.given',
  MemberJoined = 'member.joined',
  MembershipRequested = 'membership.requested',
  Invited = 'member.invited',
  ContributionAdded = 'contribution.added',
  BlogPublished = 'blog.published',
  FileUploaded = 'file.uploaded',
}

/**
 * What a notification or a digest shows without reading any other lib's tables: the
 * title of the thing, where it lives (a path of the web client) and a short excerpt.
 */
export interface ActivitySnapshot {
  title: string;
  link: string;
  excerpt?: string;
  [detail: string]: string | undefined;
}

export interface NewActivity {
  verb: ActivityVerb;
  actorId: string | null;
  /** The group it happened in (its members are concerned), if any. */
  groupId: string | null;
  siteId?: string | null;
  objectType: string;
  objectId: string;
  /** People concerned besides the group's members, e.g. the authors of a contribution that got feedback. */
  recipientIds?: string[];
  snapshot: ActivitySnapshot;
}

export interface ActivityRecord extends Required<NewActivity> {
  id: string;
  occurredAt: Date;
}

/**
 * The append-only activity log. Rows are written in the caller's own transaction (like
 * an outbox): an activity exists exactly when the thing it tells of was committed.
 */
@Injectable()
export class ActivityLog implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly personalData: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    this.personalData.register({ section: 'activity', exportFor: (userId) => this.exportFor(userId) });
  }

  async record(activity: NewActivity, manager: EntityManager): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO activities (verb, actor_id, group_id, site_id, object_type, object_id, recipient_ids, snapshot)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        activity.verb,
        activity.actorId,
        activity.groupId,
        activity.siteId ?? null,
        activity.objectType,
        activity.objectId,
        [...new Set(activity.recipientIds ?? [])],
        JSON.stringify(activity.snapshot),
      ],
    );
    return row.id;
  }

  /** The activities about one object, oldest first (what a notification or a test looks up). */
  async forObject(objectType: string, objectId: string): Promise<ActivityRecord[]> {
    const rows = await this.dataSource.query<ActivityRow[]>(
      `SELECT ${COLUMNS} FROM activities WHERE object_type = $1 AND object_id = $2 ORDER BY occurred_at, id`,
      [objectType, objectId],
    );
    return rows.map(toRecord);
  }

  private async exportFor(userId: string): Promise<object[]> {
    const rows = await this.dataSource.query<ActivityRow[]>(
      `SELECT ${COLUMNS} FROM activities WHERE actor_id = $1 ORDER BY occurred_at, id`,
      [userId],
    );
    return rows.map((row) => {
      const { id, verb, occurredAt, objectType, objectId, snapshot } = toRecord(row);
      return { id, verb, occurredAt, objectType, objectId, snapshot };
    });
  }
}

interface ActivityRow {
  id: string;
  occurred_at: Date;
  verb: ActivityVerb;
  actor_id: string | null;
  group_id: string | null;
  site_id: string | null;
  object_type: string;
  object_id: string;
  recipient_ids: string[];
  snapshot: ActivitySnapshot;
}

const COLUMNS = 'id, occurred_at, verb, actor_id, group_id, site_id, object_type, object_id, recipient_ids, snapshot';

function toRecord(row: ActivityRow): ActivityRecord {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    verb: row.verb,
    actorId: row.actor_id,
    groupId: row.group_id,
    siteId: row.site_id,
    objectType: row.object_type,
    objectId: row.object_id,
    recipientIds: row.recipient_ids,
    snapshot: row.snapshot,
  };
}
