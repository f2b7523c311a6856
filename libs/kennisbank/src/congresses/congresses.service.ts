import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthUser, decodeCursor, isUniqueViolation, type Page, type PageQuery, pageSize, toPage } from '@kennisplein/core';
import { AccessPolicy, PlatformAction } from '@kennisplein/community';
import { CongressErrors } from '../kennisbank.errors.js';
import type { CongressDto, CreateCongressDto } from './dto/congress.dto.js';

interface CongressRow {
  id: string;
  slug: string;
  name: string;
  year: number;
  held_on: string | null;
  organizer: string | null;
  contribution_count: number;
}

@Injectable()
export class CongressesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
  ) {}

  async create(caller: AuthUser, input: CreateCongressDto): Promise<CongressDto> {
    this.policy.assertPlatform(caller, PlatformAction.ManageKennisbank);
    try {
      await this.dataSource.transaction(async (manager) => {
        const organizerId = input.organizer ? await this.organization(input.organizer, manager) : null;
        await manager.query(`INSERT INTO congresses (slug, name, year, held_on, organizer_id) VALUES ($1, $2, $3, $4, $5)`, [
          input.slug,
          input.name,
          input.year,
          input.heldOn ?? null,
          organizerId,
        ]);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw CongressErrors.slug_taken({ slug: input.slug });
      throw error;
    }
    return this.get(input.slug);
  }

  /** A congress for an import or the sample documents: made when missing, left alone when there. Answers its id. */
  async ensure(congress: { slug: string; name: string; year: number; heldOn?: string; organizer?: string }): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const organizerId = congress.organizer ? await this.organization(congress.organizer, manager) : null;
      await manager.query(
        `INSERT INTO congresses (slug, name, year, held_on, organizer_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (slug) DO NOTHING`,
        [congress.slug, congress.name, congress.year, congress.heldOn ?? null, organizerId],
      );
      const [row] = await manager.query<{ id: string }[]>(`SELECT id FROM congresses WHERE slug = $1`, [congress.slug]);
      return row.id;
    });
  }

  async findIdBySlug(slug: string): Promise<string | null> {
    const rows = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM congresses WHERE slug = $1`, [slug]);
    return rows[0]?.id ?? null;
  }

  /** The congress an import or a new contribution names; 400 when there is none (it is part of the request). */
  async requireIdBySlug(slug: string): Promise<string> {
    const id = await this.findIdBySlug(slug);
    if (!id) throw CongressErrors.unknown({ slug });
    return id;
  }

  async get(slug: string): Promise<CongressDto> {
    const [row] = await this.query(['c.slug = $1'], [slug], 1);
    if (!row) throw CongressErrors.not_found();
    return toDto(row);
  }

  /** Newest congress first. */
  async list(query: PageQuery): Promise<Page<CongressDto>> {
    const limit = pageSize(query);
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (query.cursor) {
      const [year, slug] = decodeCursor(query.cursor, ['int', 'text']);
      params.push(year, slug);
      conditions.push(`(c.year < $1 OR (c.year = $1 AND c.slug > $2))`);
    }
    const rows = await this.query(conditions, params, limit + 1);
    return toPage(rows, limit, (row) => [row.year, row.slug], toDto);
  }

  private query(conditions: string[], params: unknown[], limit: number): Promise<CongressRow[]> {
    return this.dataSource.query<CongressRow[]>(
      `SELECT c.id, c.slug, c.name, c.year, c.held_on::text AS held_on, o.name AS organizer,
              (SELECT count(*) FROM contributions k WHERE k.congress_id = c.id)::int AS contribution_count
       FROM congresses c LEFT JOIN organizations o ON o.id = c.organizer_id
       ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
       ORDER BY c.year DESC, c.slug
       LIMIT ${limit}`,
      params,
    );
  }

  /** The organization with this name (case-insensitive), made when new. */
  private async organization(name: string, manager: EntityManager): Promise<string> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO organizations (name) VALUES ($1)
       ON CONFLICT ((lower(name))) DO UPDATE SET name = organizations.name RETURNING id`,
      [name],
    );
    return row.id;
  }
}

function toDto(row: CongressRow): CongressDto {
  return {
    slug: row.slug,
    name: row.name,
    year: row.year,
    heldOn: row.held_on,
    organizer: row.organizer,
    contributionCount: row.contribution_count,
  };
}
