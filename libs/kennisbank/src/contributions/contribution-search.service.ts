import { Injectable } from '@nestjs/common';
import { CommonErrors, decodeCursor, type Page, pageSize, requirePrefixQuery, toPrefixQuery } from '@kennisplein/core';
import { ContributionErrors } from '../kennisbank.errors.js';
import { type ContributionFilters, ContributionsRepository, type FacetName } from './contributions.repository.js';
import type { ContributionDto, ContributionPageDto, ContributionSummaryDto, ListContributionsQuery } from './dto/contribution.dto.js';

/** Reading contributions: one, an author's, a search with its filters and facets. */
@Injectable()
export class ContributionSearch {
  constructor(private readonly contributions: ContributionsRepository) {}

  async get(id: string): Promise<ContributionDto> {
    const contribution = await this.contributions.findById(id);
    if (!contribution) throw ContributionErrors.not_found();
    return contribution;
  }

  /** The contributions an account is linked to as an author, newest first, at most `limit` (a profile's list). */
  byAuthorAccount(userId: string, limit: number): Promise<ContributionSummaryDto[]> {
    return this.contributions.byAuthorAccount(userId, limit);
  }

  /**
   * GET /contributions. With q: the matches, best first, each with a highlighted passage;
   * without: newest first. The filters combine with each other and with q (several values
   * of one filter: any of them). With facets, also the facets and the total.
   */
  async list(query: ListContributionsQuery): Promise<ContributionPageDto> {
    const tsquery = query.q === undefined || query.q.trim() === '' ? null : requirePrefixQuery(query.q);
    const filters = filtersOf(query);
    const [page, facets] = await Promise.all([this.page(query, filters, tsquery), query.facets ? this.contributions.facets(filters, tsquery) : undefined]);
    return facets ? { ...page, ...facets } : page;
  }

  private page(query: ListContributionsQuery, filters: ContributionFilters, tsquery: string | null): Promise<Page<ContributionSummaryDto>> {
    const limit = pageSize(query);
    if (tsquery === null || query.q === undefined) {
      const after = query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : null;
      return this.contributions.newestFirst(filters, after ? { createdAt: String(after[0]), id: String(after[1]) } : null, limit);
    }
    let after: { rank: string; id: string } | null = null;
    if (query.cursor) {
      const [rank, id] = decodeCursor(query.cursor, ['text', 'uuid']);
      if (!Number.isFinite(Number(rank))) throw CommonErrors.invalid_cursor();
      after = { rank: String(rank), id: String(id) };
    }
    return this.contributions.bestMatches(filters, { tsquery, abstractQuery: toPrefixQuery(query.q, 'C') ?? tsquery }, after, limit);
  }
}

/** The values of each filter, trimmed; an empty one (`?keyword=`) filters nothing. */
function filtersOf(query: ListContributionsQuery): ContributionFilters {
  const values = (facet: FacetName) => (query[facet] ?? []).map((value) => value.trim()).filter((value) => value !== '');
  return { congress: values('congress'), theme: values('theme'), keyword: values('keyword'), author: values('author') };
}
