import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { TestUser } from '../support/factories.js';

/** The users who play the actors; the same users serve every world. */
export interface Cast {
  stranger: TestUser;
  requester: TestUser;
  siteMember: TestUser;
  member: TestUser;
  groupAdmin: TestUser;
  owner: TestUser;
  siteAdmin: TestUser;
  platformAdmin: TestUser;
  /** a plain member that manager routes act on */
  target: TestUser;
  /** a pending request that approve and reject act on */
  applicant: TestUser;
}

/** A deelsite with one group and every relation of the cast to them. */
export interface World {
  siteId: string;
  siteSlug: string;
  groupId: string;
  /** a thread of the group, with no messages yet ('' without a group) */
  threadId: string;
  targetId: string;
  applicantId: string;
}

/**
 * Builds a fresh world in one transaction of plain inserts, so that each cell of the
 * matrix, mutating or not, starts from the same state at little cost.
 */
export async function buildWorld(
  db: DataSource,
  cast: Cast,
  options: {
    siteVisibility: 'public' | 'members';
    /** the deelsite's membership policy (default: open) */
    siteMembership?: 'open' | 'request' | 'invite';
    groupVisibility: 'public' | 'site' | 'members' | null;
    groupMembership?: 'open' | 'request' | 'invite';
    /** the applicant waits to be let into the site, through an invitation to a group of it */
    siteRequest?: boolean;
  },
): Promise<World> {
  return db.transaction(async (tx) => {
    const slug = `matrix-${randomBytes(5).toString('hex')}`;
    const [site] = await tx.query<{ id: string }[]>(
      `INSERT INTO deelsites (slug, name, organization, visibility, membership) VALUES ($1, $1, 'Test', $2, $3) RETURNING id`,
      [slug, options.siteVisibility, options.siteMembership ?? 'open'],
    );
    await tx.query(
      `INSERT INTO deelsite_members (site_id, user_id, role) VALUES ($1, $2, 'admin'), ($1, $3, 'member'), ($1, $4, 'member')`,
      [site.id, cast.siteAdmin.id, cast.siteMember.id, cast.owner.id],
    );
    let groupId = '';
    let threadId = '';
    if (options.groupVisibility) {
      const [group] = await tx.query<{ id: string }[]>(
        `INSERT INTO groups (site_id, name, visibility, membership) VALUES ($1, 'Matrixgroep', $2, $3) RETURNING id`,
        [site.id, options.groupVisibility, options.groupMembership ?? 'request'],
      );
      groupId = group.id;
      await tx.query(
        `INSERT INTO group_members (group_id, user_id, role)
         VALUES ($1, $2, 'owner'), ($1, $3, 'admin'), ($1, $4, 'member'), ($1, $5, 'member')`,
        [groupId, cast.owner.id, cast.groupAdmin.id, cast.member.id, cast.target.id],
      );
      await tx.query(`INSERT INTO group_requests (group_id, user_id) VALUES ($1, $2), ($1, $3)`, [
        groupId,
        cast.requester.id,
        cast.applicant.id,
      ]);
      const [thread] = await tx.query<{ id: string }[]>(
        `INSERT INTO threads (group_id, title, kind, created_by) VALUES ($1, 'Matrixdiscussie', 'discussion', $2) RETURNING id`,
        [groupId, cast.owner.id],
      );
      threadId = thread.id;
    }
    if (options.siteRequest) {
      const [invitedTo] = await tx.query<{ id: string }[]>(
        `INSERT INTO groups (site_id, name, visibility, membership) VALUES ($1, 'Uitnodigingsgroep', 'members', 'invite') RETURNING id`,
        [site.id],
      );
      await tx.query(`INSERT INTO group_members (group_id, user_id, role) VALUES ($1, $2, 'owner')`, [invitedTo.id, cast.owner.id]);
      await tx.query(`INSERT INTO deelsite_requests (site_id, user_id, group_id) VALUES ($1, $2, $3)`, [site.id, cast.applicant.id, invitedTo.id]);
    }
    return { siteId: site.id, siteSlug: slug, groupId, threadId, targetId: cast.target.id, applicantId: cast.applicant.id };
  });
}
