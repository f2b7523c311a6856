import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The people tables of this lib, each with the column of what they belong to. */
const PEOPLE_TABLES = {
  group_members: 'group_id',
  group_requests: 'group_id',
  deelsite_members: 'site_id',
} as const;

export type PeopleTable = keyof typeof PEOPLE_TABLES;

/** Someone in a people table: a member (with their role) or a request. */
export interface Person {
  userId: string;
  /** Unset for a request. */
  role?: string;
  createdAt: Date;
  /** createdAt as text at full (microsecond) precision, for the cursor. */
  createdKey: string;
}

interface PersonRow {
  user_id: string;
  role?: string;
  created_at: Date;
  created_key: string;
}

/** The SQL of the people lists (members, requests) of groups and deelsites. */
@Injectable()
export class PeopleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The people of a group or deelsite in the order they came, after the (createdAt, userId) cursor. */
  async page(table: PeopleTable, ownerId: string, after: (string | number)[] | null, limit: number): Promise<Person[]> {
    const role = table === 'group_requests' ? '' : 'role, ';
    const rows = await this.dataSource.query<PersonRow[]>(
      `SELECT user_id, ${role}created_at, created_at::text AS created_key FROM ${table}
        WHERE ${PEOPLE_TABLES[table]} = $1 AND ($2::timestamptz IS NULL OR (created_at, user_id) > ($2::timestamptz, $3::uuid))
        ORDER BY created_at, user_id LIMIT $4`,
      [ownerId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
    return rows.map((row) => ({ userId: row.user_id, role: row.role, createdAt: row.created_at, createdKey: row.created_key }));
  }
}
