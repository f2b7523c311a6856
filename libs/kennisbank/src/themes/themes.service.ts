import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { GroupsService } from '@kennisplein/community';
import type { ThemeDto } from './dto/theme.dto.js';

export interface ThemeRef {
  id: string;
  slug: string;
  name: string;
  groupId: string;
}

/** Turns "ICT en overheid" into ict-en-overheid and "Informatica-didactiek & ë" into informatica-didactiek-e. */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
}

/** Congress tracks, each with the public, open theme group that follows all its contributions. */
@Injectable()
export class ThemesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly groups: GroupsService,
  ) {}

  /**
   * The theme with this name or slug, made with its theme group when new, in the caller's
   * transaction. Concurrent imports of the same new theme wait on one advisory lock, so
   * the theme and its group are made once.
   */
  async ensure(nameOrSlug: string, createdBy: string | null, manager: EntityManager): Promise<ThemeRef> {
    const name = nameOrSlug.trim().slice(0, 200);
    const baseSlug = slugify(name) || 'thema';
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('kennisbank.theme'), hashtext($1))`, [baseSlug]);
    // By name first; a slug names a theme only when it was given as one ("ict-en-overheid").
    const [existing] = await manager.query<ThemeRef[]>(
      `SELECT id, slug, name, group_id AS "groupId" FROM themes WHERE lower(name) = lower($1) OR slug = $2
       ORDER BY (lower(name) = lower($1)) DESC LIMIT 1`,
      [name, name === baseSlug ? baseSlug : ''],
    );
    if (existing) return existing;
    // Different names can share a slug (C++ and C# are both "c"): the later one gets a suffix.
    const taken = await manager.query<{ slug: string }[]>(`SELECT slug FROM themes WHERE slug = $1 OR slug LIKE $2`, [
      baseSlug,
      `${baseSlug}-%`,
    ]);
    const takenSlugs = new Set(taken.map((row) => row.slug));
    let slug = baseSlug;
    for (let n = 2; takenSlugs.has(slug); n++) slug = `${baseSlug}-${n}`;
    const groupId = await this.groups.create(
      {
        siteId: null,
        parentId: null,
        name,
        description: `Volg alle bijdragen over ${name} / Follow every contribution on ${name}`,
        visibility: 'public',
        membership: 'open',
        createdBy,
        owners: [],
      },
      manager,
    );
    const [created] = await manager.query<ThemeRef[]>(
      `INSERT INTO themes (slug, name, group_id) VALUES ($1, $2, $3) RETURNING id, slug, name, group_id AS "groupId"`,
      [slug, name, groupId],
    );
    return created;
  }

  /** Every theme, by name: a few dozen tracks, so one list without pages. */
  list(): Promise<ThemeDto[]> {
    return this.dataSource.query<ThemeDto[]>(
      `SELECT t.slug, t.name, t.group_id AS "groupId",
              (SELECT count(*) FROM contributions c WHERE c.theme_id = t.id)::int AS "contributionCount"
       FROM themes t ORDER BY lower(t.name)`,
    );
  }
}
