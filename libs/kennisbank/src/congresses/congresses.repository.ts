import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CongressDto } from './dto/congress.dto.js';

interface CongressRow {
  slug: string;
  name: string;
  year: number;
  held_on: string | null;
  organizer: string | null;
  contribution_count: number;
}

export interface NewCongress {
  slug: string;
  name: string;
  year: number;
  heldOn: string | null;
  organizerId: string | null;
}

/** The SQL of congresses and the organizations that host them. */
@Injectable()
export class CongressesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Fails with a unique violation when the slug is taken. */
  async insert(manager: EntityManager, congress: NewCongress): Promise<void> {
    await manager.query(`INSERT INTO congresses (slug, name, year, held_on, organizer_id) VALUES ($1, $2, $3, $4, $5)`, insertParams(congress));
  }

  /** Inserts the congress unless its slug is there; answers the id of the one with this slug. */
  async insertIfMissing(manager: EntityManager, congress: NewCongress): Promise<string> {
    await manager.query(
      `INSERT INTO congresses (slug, name, year, held_on, organizer_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (slug) DO NOTHING`,
      insertParams(congress),
    );
    const [row] = await manager.query<{ id: string }[]>(`SELECT id FROM congresses WHERE slug = $1`, [congress.slug]);
    return row.id;
  }

  async findIdBySlug(slug: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM congresses WHERE slug = $1`, [slug]);
    return row?.id ?? null;
  }

  async findBySlug(slug: string): Promise<CongressDto | null> {
    const [congress] = await this.select(['c.slug = $1'], [slug], 1);
    return congress ?? null;
  }

  /** Newest first, after the (year, slug) of the last one seen; `limit` rows at most. */
  newestFirst(after: { year: number; slug: string } | null, limit: number): Promise<CongressDto[]> {
    return after ? this.select([`(c.year < $1 OR (c.year = $1 AND c.slug > $2))`], [after.year, after.slug], limit) : this.select([], [], limit);
  }

  /** The organization with this name (case-insensitive), made when new. */
  async ensureOrganization(manager: EntityManager, name: string): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO organizations (name) VALUES ($1)
       ON CONFLICT ((lower(name))) DO UPDATE SET name = organizations.name RETURNING id`,
      [name],
    );
    return row.id;
  }

  private async select(conditions: string[], params: unknown[], limit: number): Promise<CongressDto[]> {
    const rows = await this.dataSource.query<CongressRow[]>(
      `SELECT c.slug, c.name, c.year, c.held_on::text AS held_on, o.name AS organizer,
              (SELECT count(*) FROM contributions k WHERE k.congress_id = c.id)::int AS contribution_count
       FROM congresses c LEFT JOIN organizations o ON o.id = c.organizer_id
       ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY c.year DESC, c.slug
       LIMIT ${limit}`,
      params,
    );
    return rows.map(toCongress);
  }
}

function insertParams(congress: NewCongress): unknown[] {
  return [congress.slug, congress.name, congress.year, congress.heldOn, congress.organizerId];
}

function toCongress(row: CongressRow): CongressDto {
  return {
    slug: row.slug,
    name: row.name,
    year: row.year,
    heldOn: row.held_on,
    organizer: row.organizer,
    contributionCount: row.contribution_count,
  };
}
