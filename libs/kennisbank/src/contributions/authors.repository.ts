import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from '@kennisplein/core';

/** An author as stored with a contribution, in the order the document names them. */
export interface NewAuthor {
  name: string;
  affiliation: string | null;
  email: string | null;
  userId: string | null;
}

/** An authorship as the data export lists it. */
export interface Authorship {
  contributionId: string;
  title: string;
  name: string;
  affiliation: string | null;
  email: string | null;
}

/** The SQL of contribution_authors: the authors of contributions and the accounts linked to them. */
@Injectable()
export class AuthorsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The authors of a contribution in one statement, numbered in the order given. */
  async insert(manager: EntityManager, contributionId: string, authors: NewAuthor[]): Promise<void> {
    if (authors.length === 0) return;
    await manager.query(
      `INSERT INTO contribution_authors (contribution_id, position, name, affiliation, email, user_id)
       SELECT $1, ordinality, name, affiliation, email, user_id
       FROM unnest($2::text[], $3::text[], $4::text[], $5::uuid[]) WITH ORDINALITY AS a (name, affiliation, email, user_id, ordinality)`,
      [
        contributionId,
        authors.map((author) => author.name),
        authors.map((author) => author.affiliation),
        authors.map((author) => author.email),
        authors.map((author) => author.userId),
      ],
    );
  }

  /** The linked authors of a contribution: lower-cased name → account. */
  async linkedByName(manager: EntityManager, contributionId: string): Promise<Map<string, string>> {
    const rows = await manager.query<{ name: string; user_id: string }[]>(
      `SELECT lower(name) AS name, user_id FROM contribution_authors WHERE contribution_id = $1 AND user_id IS NOT NULL`,
      [contributionId],
    );
    return new Map(rows.map((row) => [row.name, row.user_id]));
  }

  /** The authors of many new contributions in one statement (a bulk import's batch). */
  async insertMany(manager: EntityManager, contributions: { contributionId: string; authors: NewAuthor[] }[]): Promise<void> {
    const rows = contributions.flatMap(({ contributionId, authors }) => authors.map((author, i) => ({ contributionId, position: i + 1, ...author })));
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO contribution_authors (contribution_id, position, name, affiliation, email, user_id)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::uuid[])`,
      [
        rows.map((row) => row.contributionId),
        rows.map((row) => row.position),
        rows.map((row) => row.name),
        rows.map((row) => row.affiliation),
        rows.map((row) => row.email),
        rows.map((row) => row.userId),
      ],
    );
  }

  async deleteFor(manager: EntityManager, contributionId: string): Promise<void> {
    await manager.query(`DELETE FROM contribution_authors WHERE contribution_id = $1`, [contributionId]);
  }

  /** Links the unlinked authors with this email to the account; answers the workspace groups of their contributions (once each). */
  async linkByEmail(manager: EntityManager, userId: string, email: string): Promise<string[]> {
    const rows = returnedRows<{ group_id: string }>(
      await manager.query(
        `UPDATE contribution_authors a SET user_id = $1
         FROM contributions c
         WHERE c.id = a.contribution_id AND lower(a.email) = lower($2) AND a.user_id IS NULL
         RETURNING c.workspace_group_id AS group_id`,
        [userId, email],
      ),
    );
    return [...new Set(rows.map((row) => row.group_id))];
  }

  /** Links one author of a contribution to the account; answers its workspace group, null when there is no such author. */
  async link(manager: EntityManager, contributionId: string, authorId: string, userId: string): Promise<string | null> {
    const [row] = returnedRows<{ group_id: string }>(
      await manager.query(
        `UPDATE contribution_authors a SET user_id = $3
         FROM contributions c
         WHERE c.id = a.contribution_id AND a.id = $2 AND a.contribution_id = $1
         RETURNING c.workspace_group_id AS group_id`,
        [contributionId, authorId, userId],
      ),
    );
    return row?.group_id ?? null;
  }

  /** The authorships of an account, oldest contribution first. */
  authorshipsOf(userId: string): Promise<Authorship[]> {
    return this.dataSource.query<Authorship[]>(
      `SELECT c.id AS "contributionId", c.title, a.name, a.affiliation, a.email
       FROM contribution_authors a JOIN contributions c ON c.id = a.contribution_id WHERE a.user_id = $1 ORDER BY c.created_at`,
      [userId],
    );
  }

  /** The name on a paper is public record and stays; the link to the account and the email go. */
  async unlinkAccount(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`UPDATE contribution_authors SET user_id = NULL, email = NULL WHERE user_id = $1`, [userId]);
  }
}
