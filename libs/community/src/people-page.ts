import { Injectable } from '@nestjs/common';
import { decodeCursor, type Page, type PageQuery, pageSize, toPage } from '@kennisplein/core';
import { UsersService } from '@kennisplein/identity';
import type { MemberUserDto } from './groups/dto/group.dto.js';
import { toMemberUser } from './groups/member-user.js';
import { type PeopleTable, type Person, PeopleRepository } from './people.repository.js';

/**
 * A page of people (members, requests) in the order they came, with their names: one
 * query for the rows and one for the users of the whole page, whatever its size.
 */
@Injectable()
export class PeoplePages {
  constructor(
    private readonly people: PeopleRepository,
    private readonly users: UsersService,
  ) {}

  async page<Item>(
    table: PeopleTable,
    ownerId: string,
    query: PageQuery,
    toItem: (person: Person, user: MemberUserDto) => Item,
  ): Promise<Page<Item>> {
    const limit = pageSize(query);
    const after = query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : null;
    const people = await this.people.page(table, ownerId, after, limit + 1);
    const users = await this.users.findPublicByIds(people.map((person) => person.userId));
    return toPage(
      people,
      limit,
      (person) => [person.createdKey, person.userId],
      (person) => toItem(person, toMemberUser(person.userId, users)),
    );
  }
}
