import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthUser, decodeCursor, DomainEvents, isUniqueViolation, type Page, type PageQuery, pageSize, toPage } from '@kennisplein/core';
import { AccessPolicy, PlatformAction } from '@kennisplein/community';
import { CongressErrors } from '../kennisbank.errors.js';
import { CongressesRepository, type NewCongress } from './congresses.repository.js';
import type { CongressDto, CreateCongressDto } from './dto/congress.dto.js';

/** A congress as an admin, an import or the sample documents state it. */
interface CongressInput {
  slug: string;
  name: string;
  year: number;
  heldOn?: string;
  /** The hosting organization's name: made when new. */
  organizer?: string;
}

@Injectable()
export class CongressesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
    private readonly congresses: CongressesRepository,
    private readonly events: DomainEvents,
  ) {}

  async create(caller: AuthUser, input: CreateCongressDto): Promise<CongressDto> {
    this.policy.assertPlatform(caller, PlatformAction.ManageKennisbank);
    try {
      await this.dataSource.transaction(async (manager) => this.congresses.insert(manager, await this.toNew(input, manager)));
    } catch (error) {
      if (isUniqueViolation(error)) throw CongressErrors.slug_taken({ slug: input.slug });
      throw error;
    }
    this.events.emit('kennisbank.changed', {});
    return this.get(input.slug);
  }

  /** A congress for an import or the sample documents: made when missing, left alone when there. Answers its id. */
  async ensure(congress: CongressInput): Promise<string> {
    const id = await this.dataSource.transaction(async (manager) => this.congresses.insertIfMissing(manager, await this.toNew(congress, manager)));
    this.events.emit('kennisbank.changed', {});
    return id;
  }

  findIdBySlug(slug: string): Promise<string | null> {
    return this.congresses.findIdBySlug(slug);
  }

  /** The congress an import or a new contribution names; 400 when there is none (it is part of the request). */
  async requireIdBySlug(slug: string): Promise<string> {
    const id = await this.findIdBySlug(slug);
    if (!id) throw CongressErrors.unknown({ slug });
    return id;
  }

  async get(slug: string): Promise<CongressDto> {
    const congress = await this.congresses.findBySlug(slug);
    if (!congress) throw CongressErrors.not_found();
    return congress;
  }

  /** Newest congress first. */
  async list(query: PageQuery): Promise<Page<CongressDto>> {
    const limit = pageSize(query);
    const after = query.cursor ? decodeCursor(query.cursor, ['int', 'text']) : null;
    const congresses = await this.congresses.newestFirst(after ? { year: Number(after[0]), slug: String(after[1]) } : null, limit + 1);
    return toPage(congresses, limit, (congress) => [congress.year, congress.slug], (congress) => congress);
  }

  private async toNew(input: CongressInput, manager: EntityManager): Promise<NewCongress> {
    const organizerId = input.organizer ? await this.congresses.ensureOrganization(manager, input.organizer) : null;
    return { slug: input.slug, name: input.name, year: input.year, heldOn: input.heldOn ?? null, organizerId };
  }
}
