import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '@kennisplein/core';

/** Community's part of the data export and of account deletion: memberships and requests, and the groups, deelsites and invitations I made. */
@Injectable()
export class CommunityPersonalData implements OnModuleInit {
  constructor(
    private readonly registry: PersonalDataRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      section: 'memberships',
      exportFor: async (userId) => ({
        groups: await this.dataSource.query<object[]>(
          `SELECT g.id AS "groupId", g.name, m.role, m.created_at AS "joinedAt"
             FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = $1 ORDER BY m.created_at`,
          [userId],
        ),
        requests: await this.dataSource.query<object[]>(
          `SELECT g.id AS "groupId", g.name, r.created_at AS "requestedAt"
             FROM group_requests r JOIN groups g ON g.id = r.group_id WHERE r.user_id = $1 ORDER BY r.created_at`,
          [userId],
        ),
        deelsites: await this.dataSource.query<object[]>(
          `SELECT s.slug, s.name, m.role, m.created_at AS "joinedAt"
             FROM deelsite_members m JOIN deelsites s ON s.id = m.site_id WHERE m.user_id = $1 ORDER BY m.created_at`,
          [userId],
        ),
        // Waiting for a site admin: the deelsite, and the group whose invitation brought me there.
        deelsiteRequests: await this.dataSource.query<object[]>(
          `SELECT s.slug, s.name, r.group_id AS "groupId", g.name AS "groupName", r.created_at AS "requestedAt"
             FROM deelsite_requests r JOIN deelsites s ON s.id = r.site_id JOIN groups g ON g.id = r.group_id
            WHERE r.user_id = $1 ORDER BY r.created_at`,
          [userId],
        ),
        // What I wrote here: the groups and deelsites I made, and the invitations I sent (to the addresses I typed).
        groupsCreated: await this.dataSource.query<object[]>(
          `SELECT id AS "groupId", name, description, created_at AS "createdAt" FROM groups WHERE created_by = $1 ORDER BY created_at, id`,
          [userId],
        ),
        deelsitesCreated: await this.dataSource.query<object[]>(
          `SELECT slug, name, organization, created_at AS "createdAt" FROM deelsites WHERE created_by = $1 ORDER BY created_at, id`,
          [userId],
        ),
        invitesSent: await this.dataSource.query<object[]>(
          `SELECT group_id AS "groupId", email, created_at AS "sentAt", expires_at AS "expiresAt", accepted_at AS "acceptedAt"
             FROM group_invites WHERE invited_by = $1 ORDER BY created_at, id`,
          [userId],
        ),
      }),
      eraseFor: async (userId, manager) => {
        // A group whose only owner leaves gets a new one: its longest-standing admin, else member.
        await manager.query(
          `UPDATE group_members m SET role = 'owner'
             FROM (SELECT DISTINCT ON (o.group_id) o.group_id, o.user_id
                     FROM group_members mine
                     JOIN group_members o ON o.group_id = mine.group_id AND o.user_id <> mine.user_id
                    WHERE mine.user_id = $1 AND mine.role = 'owner'
                      AND NOT EXISTS (SELECT 1 FROM group_members x
                                       WHERE x.group_id = mine.group_id AND x.role = 'owner' AND x.user_id <> $1)
                    ORDER BY o.group_id, (o.role = 'admin') DESC, o.created_at) heir
            WHERE m.group_id = heir.group_id AND m.user_id = heir.user_id`,
          [userId],
        );
        await manager.query(`DELETE FROM group_members WHERE user_id = $1`, [userId]);
        await manager.query(`DELETE FROM group_requests WHERE user_id = $1`, [userId]);
        await manager.query(`DELETE FROM deelsite_requests WHERE user_id = $1`, [userId]);
        await manager.query(`DELETE FROM deelsite_members WHERE user_id = $1`, [userId]);
      },
    });
  }
}
