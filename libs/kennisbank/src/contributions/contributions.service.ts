import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { AuthUser } from '@kennisplein/core';
import { AccessPolicy, PlatformAction } from '@kennisplein/community';
import { CongressesService } from '../congresses/congresses.service.js';
import { ContributionSearch } from './contribution-search.service.js';
import { ContributionWriter } from './contribution-writer.service.js';
import type { ContributionDto, CreateContributionDto } from './dto/contribution.dto.js';

/** Contributions an admin adds through the API (POST /contributions). */
@Injectable()
export class ContributionsService {
  constructor(
    private readonly policy: AccessPolicy,
    private readonly congresses: CongressesService,
    private readonly writer: ContributionWriter,
    private readonly search: ContributionSearch,
  ) {}

  async create(caller: AuthUser, input: CreateContributionDto): Promise<ContributionDto> {
    this.policy.assertPlatform(caller, PlatformAction.ManageKennisbank);
    const congressId = await this.congresses.requireIdBySlug(input.congress);
    const fields = {
      theme: input.theme ?? null,
      title: input.title,
      abstract: input.abstract ?? '',
      body: input.body,
      keywords: [...new Set(input.keywords ?? [])],
      language: input.language ?? 'nl',
      authors: input.authors.map((author) => ({ name: author.name, affiliation: author.affiliation || null, email: author.email })),
    };
    // The same contribution posted twice (every field the same) is stored once.
    const contentHash = createHash('sha256').update(JSON.stringify(fields)).digest('hex');
    const { id } = await this.writer.store({
      ...fields,
      congressId,
      congressSlug: input.congress,
      sourceName: null,
      sourceType: 'api',
      contentHash,
      createdBy: caller.id,
    });
    return this.search.get(id);
  }
}
