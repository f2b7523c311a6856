export const THREAD_KINDS = ['discussion', 'feedback', 'comments'] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];
export const SUBJECT_TYPES = ['contribution', 'blog_post'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** A conversation in a group (or a deelsite, for comments on its news). Its messages are numbered 1, 2, 3 … without gaps (lastSeq). */
export interface Thread {
  id: string;
  groupId: string | null;
  siteId: string | null;
  title: string;
  kind: ThreadKind;
  /** What it is about: a contribution (feedback) or a blog post (comments). */
  subject: { type: SubjectType; id: string } | null;
  createdBy: string | null;
  lastSeq: number;
  createdAt: Date;
  lastMessageAt: Date;
}

export interface NewThread {
  /** The group it is in; or siteId, for the comments on a deelsite's own news. */
  groupId: string | null;
  siteId?: string | null;
  title: string;
  kind: ThreadKind;
  subject?: { type: SubjectType; id: string };
  createdBy: string | null;
}
