import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { GROUP_VISIBILITIES, SITE_VISIBILITIES } from '../community.types.js';
import { isFollowedThroughParent, type WorkspaceFacts } from './access-decisions.js';
import { followedThroughParentSql } from './access-policy.repository.js';

/** The server the tests use; the SQL forms are evaluated over VALUES, so no table is needed. */
const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
beforeAll(() => client.connect());
afterAll(() => client.end());

describe('the SQL forms of the access decisions', () => {
  it('follows a workspace through its parent exactly when isFollowedThroughParent does', async () => {
    const cases: WorkspaceFacts[] = [];
    for (const visibility of GROUP_VISIBILITIES) {
      for (const siteVisibility of [null, ...SITE_VISIBILITIES]) {
        for (const contributionId of [null, '00000000-0000-4000-8000-000000000001']) {
          for (const parentId of [null, '00000000-0000-4000-8000-000000000002']) cases.push({ visibility, siteVisibility, contributionId, parentId });
        }
      }
    }
    const { rows } = await client.query<{ i: number; followed: boolean }>(
      // w stands for the workspace's groups row, ws for its deelsite (none on the main site).
      `SELECT w.i, ${followedThroughParentSql('w', 'ws')} AS followed
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS w(contribution_id, parent_id, visibility, site_visibility, i)
         LEFT JOIN LATERAL (SELECT gen_random_uuid() AS id, w.site_visibility AS visibility WHERE w.site_visibility IS NOT NULL) ws ON TRUE
        ORDER BY w.i`,
      [cases.map((c) => c.contributionId), cases.map((c) => c.parentId), cases.map((c) => c.visibility), cases.map((c) => c.siteVisibility)],
    );
    expect(rows.map((row) => row.followed)).toEqual(cases.map(isFollowedThroughParent));
  });
});
