import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { clip } from '@kennisplein/core';
import { GroupsService, MembershipsService, type NewGroup, SitesService } from '@kennisplein/community';
import { DiscussionsService, type NewThread } from '@kennisplein/discussions';

export interface NewWorkspace {
  contributionId: string;
  title: string;
  abstract: string;
  /** The deelsite of the contribution's congress, if it has one. */
  siteId: string | null;
  /** The theme's group, which follows the workspace. */
  parentId: string | null;
  createdBy: string | null;
  owners: string[];
}

/**
 * A contribution's workspace: its public, open group under the theme's group and its
 * feedback thread, made with the contribution and kept in step when it changes.
 */
@Injectable()
export class ContributionWorkspaces {
  constructor(
    private readonly sites: SitesService,
    private readonly groups: GroupsService,
    private readonly memberships: MembershipsService,
    private readonly discussions: DiscussionsService,
  ) {}

  /** The deelsite a congress's workspaces belong to (null: the main site). */
  siteOf(congressSlug: string): Promise<string | null> {
    return this.sites.findIdByCongress(congressSlug);
  }

  /** Makes the workspace group and its feedback thread, in the caller's transaction. */
  async open(manager: EntityManager, workspace: NewWorkspace): Promise<{ groupId: string; feedbackThreadId: string }> {
    const groupId = await this.groups.create(this.groupOf(workspace), manager);
    const thread = await this.discussions.openSubjectThread(this.threadOf(workspace, groupId), manager);
    return { groupId, feedbackThreadId: thread.id };
  }

  private groupOf(workspace: NewWorkspace): NewGroup {
    return {
      siteId: workspace.siteId,
      parentId: workspace.parentId,
      contributionId: workspace.contributionId,
      name: clip(workspace.title, 200),
      description: clip(workspace.abstract, 5000),
      visibility: 'public',
      membership: 'open',
      createdBy: workspace.createdBy,
      owners: workspace.owners,
    };
  }

  private threadOf(workspace: NewWorkspace, groupId: string): NewThread {
    return {
      groupId,
      title: clip(`Feedback: ${workspace.title}`, 200),
      kind: 'feedback',
      subject: { type: 'contribution', id: workspace.contributionId },
      createdBy: workspace.createdBy,
    };
  }

  /** Many workspaces with their feedback threads, in the caller's transaction (a bulk import's batch), in order. */
  async openMany(manager: EntityManager, workspaces: NewWorkspace[]): Promise<{ groupId: string; feedbackThreadId: string }[]> {
    const groupIds = await this.groups.createMany(workspaces.map((workspace) => this.groupOf(workspace)), manager);
    const threadIds = await this.discussions.openSubjectThreads(
      workspaces.map((workspace, i) => this.threadOf(workspace, groupIds[i])),
      manager,
    );
    return groupIds.map((groupId, i) => ({ groupId, feedbackThreadId: threadIds[i] }));
  }

  /** A changed contribution: the workspace takes its title and theme, its linked authors own it; members and discussion stay. */
  async update(manager: EntityManager, groupId: string, change: { title: string; parentId: string | null; owners: string[] }): Promise<void> {
    await this.groups.updateWorkspace(groupId, { name: clip(change.title, 200), parentId: change.parentId }, manager);
    for (const userId of change.owners) await this.memberships.makeOwner(groupId, userId, manager);
  }
}
