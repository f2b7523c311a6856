/** GET /invites/:token: what an invitation is for, before it is accepted (its link's landing page shows it). */
export class InvitePreviewDto {
  groupId!: string;
  groupName!: string;
  /** who sent it; null when that account was deleted */
  invitedBy!: string | null;
  expiresAt!: Date;
}
