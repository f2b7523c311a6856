import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActivityLog, ActivityVerb, type AuthUser, clip, PostingLimit } from '@kennisplein/core';
import { AccessPolicy, GroupAction } from '@kennisplein/community';
import { type MessageDto, MessagesService, type Posted } from '@kennisplein/discussions';
import { ContributionErrors } from '../kennisbank.errors.js';
import { ContributionsRepository, type WorkspaceFacts } from './contributions.repository.js';
import type { FeedbackDto } from './dto/feedback.dto.js';

/** Feedback on contributions: messages in their workspaces' feedback threads, which the authors hear of. */
@Injectable()
export class FeedbackService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly contributions: ContributionsRepository,
    private readonly messages: MessagesService,
    private readonly activity: ActivityLog,
    private readonly postingLimit: PostingLimit,
  ) {}

  /**
   * POST /contributions/:id/feedback: a message in the workspace's feedback thread, open
   * to every logged-in reader who can see the workspace (no need to join it), and an
   * activity for the authors, written in the same transaction. With a clientId, sent again
   * it answers the original feedback (created: false) and records nothing.
   */
  async giveFeedback(caller: AuthUser, contributionId: string, input: FeedbackDto): Promise<Posted<MessageDto>> {
    const workspace = await this.workspaceOf(contributionId);
    await this.policy.assertGroup(caller, GroupAction.GiveFeedback, workspace.groupId);
    const { body, clientId } = input;
    const threadId = workspace.feedbackThreadId;
    const posted = await this.messages.storeOnce({ threadId, authorId: caller.id, clientId }, async () => {
      await this.postingLimit.consume(caller.id);
      return this.dataSource.transaction(async (manager) => {
        const message = await this.messages.append({ threadId, authorId: caller.id, body, clientId }, manager);
        await this.activity.record(
          {
            verb: ActivityVerb.FeedbackGiven,
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

  private async workspaceOf(contributionId: string): Promise<WorkspaceFacts> {
    const workspace = await this.contributions.findWorkspace(contributionId);
    if (!workspace) throw ContributionErrors.not_found();
    return workspace;
  }
}
