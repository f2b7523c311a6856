import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '@kennisplein/core';

/** Community's part of the data export and of account deletion: memberships and requests. */
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
      }),
      eraseFor: async (userId, manager) => {
        await manager.query(`DELETE FROM group_members WHERE user_id = $1`, [userId]);
        await manager.query(`DELETE FROM group_requests WHERE user_id = $1`, [userId]);
        await manager.query(`DELETE FROM deelsite_members WHERE user_id = $1`, [userId]);
      },
    });
  }
}
