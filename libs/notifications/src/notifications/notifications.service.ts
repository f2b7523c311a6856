import { Injectable, Logger } from '@nestjs/common';
import {
  ActivityLog,
  type ActivityRecord,
  type AuthUser,
  decodeCursor,
  JobName,
  JobQueue,
  type Page,
  pageSize,
  toPage,
} from '@kennisplein/core';
import { MembershipsService, SitesService } from '@kennisplein/community';
import { UsersService } from '@kennisplein/identity';
import { ADDRESSED_ONLY, FOR_MANAGERS } from '../audience.js';
import { MutesService } from '../mutes/mutes.service.js';
import { NotificationPush } from '../realtime/notification-push.js';
import type { ActivityDto, ListNotificationsQuery, NotificationDto, UnreadCountDto } from './dto/notification.dto.js';
import { NotificationsRepository } from './notifications.repository.js';

/** Activities taken from the log per dispatch; each becomes one fan-out job. */
const DISPATCH_BATCH = 500;

const FOR_MANAGERS_SET = new Set<string>(FOR_MANAGERS);
const ADDRESSED_ONLY_SET = new Set<string>(ADDRESSED_ONLY);

/** In-app notifications: the fan-out of the activity log to the people concerned, and the user's list. */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly activity: ActivityLog,
    private readonly memberships: MembershipsService,
    private readonly sites: SitesService,
    private readonly users: UsersService,
    private readonly mutes: MutesService,
    private readonly push: NotificationPush,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Takes the new activities of the log and enqueues a fan-out job for each. The jobId is
   * the activity's id, so a dispatch that runs twice enqueues once; and a fan-out that
   * runs twice notifies once (unique per user and activity).
   */
  async dispatch(): Promise<number> {
    let total = 0;
    for (;;) {
      const taken = await this.activity.dispatchNew(DISPATCH_BATCH, async (activities) => {
        await Promise.all(
          activities.map((activity) => this.jobs.enqueue(JobName.FanOutActivity, { activityId: activity.id }, { jobId: `fan-out:${activity.id}` })),
        );
      });
      total += taken;
      if (taken < DISPATCH_BATCH) return total;
    }
  }

  /** One activity to the people it concerns: never its actor, never who muted its group. Batched inserts, then a push. */
  async fanOut(activityId: string): Promise<{ notified: number }> {
    const activity = await this.activity.get(activityId);
    if (!activity) return { notified: 0 };
    const { users: concerned, muted } = await this.audienceOf(activity);
    const audience = new Set([...concerned, ...activity.recipientIds]);
    if (activity.actorId) audience.delete(activity.actorId);
    for (const userId of muted) audience.delete(userId);
    const userIds = await this.users.activeIdsAmong([...audience]);
    const inserted = await this.notifications.addMany(activityId, userIds);
    if (inserted.length > 0) {
      const [activityDto] = await this.activityDtos([activity]);
      await this.push.publish({
        notifications: inserted.map((added) => ({
          userId: added.userId,
          notification: { id: added.id, activity: activityDto, readAt: null, createdAt: added.createdAt },
        })),
      });
    }
    return { notified: inserted.length };
  }

  /** GET /me/notifications: newest first, optionally only the unread ones. */
  async list(caller: AuthUser, query: ListNotificationsQuery): Promise<Page<NotificationDto>> {
    const limit = pageSize(query);
    const rows = await this.notifications.page(
      caller.id,
      { unreadOnly: query.unread === true, after: query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : null },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const activities = await this.activity.getMany(page.map((row) => row.activityId));
    const dtos = new Map((await this.activityDtos([...activities.values()])).map((dto) => [dto.id, dto]));
    const items = page.flatMap((row) => {
      const activityDto = dtos.get(row.activityId);
      return activityDto ? [{ id: row.id, activity: activityDto, readAt: row.readAt, createdAt: row.createdAt }] : [];
    });
    return { ...toPage(rows, limit, (row) => [row.createdKey, row.id], (row) => row.id), items };
  }

  /** POST /me/notifications/read: the caller's own; others' ids are ignored. */
  async markRead(caller: AuthUser, ids: string[]): Promise<void> {
    await this.notifications.markRead(caller.id, ids);
  }

  /** GET /me/notifications/unread-count: served by the partial index of unread notifications (notifications_unread_idx). */
  async unreadCount(caller: AuthUser): Promise<UnreadCountDto> {
    return { count: await this.notifications.unreadCount(caller.id) };
  }

  /** POST /me/notifications/read-all: every unread one of the caller's. */
  async markAllRead(caller: AuthUser): Promise<void> {
    await this.notifications.markAllRead(caller.id);
  }

  /** Who an activity concerns, and who of them muted where it happened (the group, or the theme group they follow it through). */
  private async audienceOf(activity: ActivityRecord): Promise<{ users: string[]; muted: Set<string> }> {
    if (ADDRESSED_ONLY_SET.has(activity.verb)) return { users: [], muted: new Set() };
    if (activity.groupId) {
      if (FOR_MANAGERS_SET.has(activity.verb)) {
        const managers = await this.memberships.managersOf(activity.groupId);
        return { users: managers, muted: await this.mutes.mutedAmong(activity.groupId, managers) };
      }
      const { members, viaParent, parentId } = await this.memberships.followersOf(activity.groupId);
      const muted = await this.mutes.mutedAmong(activity.groupId, [...members, ...viaParent, ...activity.recipientIds]);
      if (parentId) for (const userId of await this.mutes.mutedAmong(parentId, viaParent)) muted.add(userId);
      return { users: [...members, ...viaParent], muted };
    }
    if (activity.siteId && activity.objectType !== 'contribution') return { users: await this.sites.memberIdsOf(activity.siteId), muted: new Set() };
    return { users: [], muted: new Set() };
  }

  /** Activities as clients see them, with their actors' names (one query). */
  async activityDtos(activities: ActivityRecord[]): Promise<ActivityDto[]> {
    const actors = await this.users.findPublicByIds(activities.flatMap((activity) => (activity.actorId ? [activity.actorId] : [])));
    return activities.map((activity) => {
      const actor = activity.actorId ? actors.get(activity.actorId) : undefined;
      return {
        id: activity.id,
        verb: activity.verb,
        actor: actor ? { id: actor.id, displayName: actor.displayName } : null,
        groupId: activity.groupId,
        siteId: activity.siteId,
        objectType: activity.objectType,
        objectId: activity.objectId,
        snapshot: activity.snapshot,
        occurredAt: activity.occurredAt,
      };
    });
  }
}
