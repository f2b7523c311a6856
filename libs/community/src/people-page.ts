import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, type Page, type PageQuery, pageSize, toPage } from '@kennisplein/core';
import { UsersService } from '@kennisplein/identity';
import type { MemberUserDto } from './groups/dto/group.dto.js';
import { toMemberUser } from './groups/member-user.js';

/** The people tables of this lib, each with the column of what they belong to. */
const PEOPLE_TABLES = {
  group_members: 'group_id',
  group_requests: 'group_id',
  deelsite_members: 'site_id',
} as const;

export interface PersonRow {
  user_id: string;
  role?: string;
  created_at: Date;
}

/**
 * A page of people (members, requests) in the order they came, with their names: one
 * query for the rows and one for the users of the whole page, whatever its size.
 */
@Injectable()
export class PeoplePages {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  async page<Item>(
    table: keyof typeof PEOPLE_TABLES,
    ownerId: string,
    query: PageQuery,
    toItem: (row: PersonRow, user: MemberUserDto) => Item,
  ): Promise<Page<Item>> {
    const limit = pageSize(query);
    const after = query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : null;
    const role = table === 'group_requests' ? '' : 'role, ';
    // created_key: the timestamp as text at full (microsecond) precision, for the cursor.
    const rows = await this.dataSource.query<(PersonRow & { created_key: string })[]>(
      `SELECT user_id, ${role}created_at, created_at::text AS created_key FROM ${table}
        WHERE ${PEOPLE_TABLES[table]} = $1 AND ($2::timestamptz IS NULL OR (created_at, user_id) > ($2::timestamptz, $3::uuid))
        ORDER BY created_at, user_id LIMIT $4`,
      [ownerId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const users = await this.users.findPublicByIds(rows.map((row) => row.user_id));
    return toPage(
      rows,
      limit,
      (row) => [row.created_key, row.user_id],
      (row) => toItem(row, toMemberUser(row.user_id, users)),
    );
  }
}
