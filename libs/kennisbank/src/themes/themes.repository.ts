import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ThemeDto } from './dto/theme.dto.js';

/** A theme as the contributions filed under it name it. */
export interface ThemeRef {
  id: string;
  slug: string;
  name: string;
  groupId: string;
}

interface ThemeRow {
  id: string;
  slug: string;
  name: string;
  group_id: string;
}

/** The SQL of themes (congress tracks). */
@Injectable()
export class ThemesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Until the end of the caller's transaction: concurrent makers of one new theme wait here. */
  async lockSlug(manager: EntityManager, slug: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('kennisbank.theme'), hashtext($1))`, [slug]);
  }

  /** The theme with this name (case-insensitive), else the one with this slug (an empty slug matches none). */
  async findByNameOrSlug(manager: EntityManager, name: string, slug: string): Promise<ThemeRef | null> {
    const [row] = await manager.query<ThemeRow[]>(
      `SELECT id, slug, name, group_id FROM themes WHERE lower(name) = lower($1) OR slug = $2
       ORDER BY (lower(name) = lower($1)) DESC LIMIT 1`,
      [name, slug],
    );
    return row ? toThemeRef(row) : null;
  }

  /** The slugs taken among this one and its numbered variants (slug-2, slug-3 …). */
  async slugsLike(manager: EntityManager, slug: string): Promise<Set<string>> {
    const rows = await manager.query<{ slug: string }[]>(`SELECT slug FROM themes WHERE slug = $1 OR slug LIKE $2`, [slug, `${slug}-%`]);
    return new Set(rows.map((row) => row.slug));
  }

  async insert(manager: EntityManager, theme: Omit<ThemeRef, 'id'>): Promise<ThemeRef> {
    const [row] = await manager.query<ThemeRow[]>(`INSERT INTO themes (slug, name, group_id) VALUES ($1, $2, $3) RETURNING id, slug, name, group_id`, [
      theme.slug,
      theme.name,
      theme.groupId,
    ]);
    return toThemeRef(row);
  }

  /** Every theme by name, with how many contributions it has. */
  list(): Promise<ThemeDto[]> {
    return this.dataSource.query<ThemeDto[]>(
      `SELECT t.slug, t.name, t.group_id AS "groupId",
              (SELECT count(*) FROM contributions c WHERE c.theme_id = t.id)::int AS "contributionCount"
       FROM themes t ORDER BY lower(t.name)`,
    );
  }
}

function toThemeRef(row: ThemeRow): ThemeRef {
  return { id: row.id, slug: row.slug, name: row.name, groupId: row.group_id };
}
