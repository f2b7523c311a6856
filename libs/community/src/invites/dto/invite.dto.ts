import type { GroupRole } from '../../community.types.js';

/** GET /invites/:token: what an invitation is for, before it is accepted (its link's landing page shows it). */
export class InvitePreviewDto {
  groupId!: string;
  groupName!: string;
  /** who sent it; null when that account was deleted */
  invitedBy!: string | null;
  expiresAt!: Date;
}

/**
 * POST /invites/:token/accept: the membership (200), or, for a group of a closed deelsite
 * the inviter does not administer, `status: pending` (202) until a site admin lets the
 * invitee in.
 */
export class InviteAcceptedDto {
  groupId!: string;
  userId!: string;
  /** the role in the group; absent while pending */
  role?: GroupRole;
  status?: 'pending';
}
