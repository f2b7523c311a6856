import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { GroupsService } from '@kennisplein/community';
import type { ThemeDto } from './dto/theme.dto.js';
import { type ThemeRef, ThemesRepository } from './themes.repository.js';

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
    private readonly themes: ThemesRepository,
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
    // By name first; a slug names a theme only when it was given as one ("ict-en-overheid").
    const find = () => this.themes.findByNameOrSlug(manager, name, name === baseSlug ? baseSlug : '');
    // A theme that exists needs no lock: the lock, held to the end of the caller's
    // transaction, would make every import writing into this theme wait for the others.
    const known = await find();
    if (known) return known;
    await this.themes.lockSlug(manager, baseSlug);
    const existing = await find();
    if (existing) return existing;
    // Different names can share a slug (C++ and C# are both "c"): the later one gets a suffix.
    const takenSlugs = await this.themes.slugsLike(manager, baseSlug);
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
    return this.themes.insert(manager, { slug, name, groupId });
  }

  /** Every theme, by name: a few dozen tracks, so one list without pages. */
  list(): Promise<ThemeDto[]> {
    return this.themes.list();
  }
}
