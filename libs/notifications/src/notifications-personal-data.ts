import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '@kennisplein/core';

/**
 * The rest of notifications' part of the data export: the groups I muted and the digests
 * sent to me (my notifications are registered with the jobs; all of it is erased with the account there).
 */
@Injectable()
export class NotificationsPersonalData implements OnModuleInit {
  constructor(
    private readonly registry: PersonalDataRegistry,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.registry.register({
      section: 'mutes',
      exportFor: (userId) =>
        this.dataSource.query(`SELECT group_id AS "groupId", created_at AS "mutedAt" FROM group_mutes WHERE user_id = $1 ORDER BY created_at, group_id`, [
          userId,
        ]),
    });
    this.registry.register({
      section: 'digests',
      exportFor: (userId) =>
        this.dataSource.query(
          `SELECT period, frequency, status, items, sent_at AS "sentAt" FROM digest_deliveries WHERE user_id = $1 ORDER BY created_at, period`,
          [userId],
        ),
    });
  }
}
