import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery, trimmed } from '@kennisplein/core';
import { CONGRESS_SLUG } from '../../congresses/dto/congress.dto.js';
import { LANGUAGES, type Language } from '../contribution.js';

const trimEach = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((item: unknown) => (typeof item === 'string' ? item.trim() : item)) : value;
/** A query parameter given once is a list of one: `?congress=a` is `?congress=a&congress=b` with one value. */
const listOf = ({ value }: { value: unknown }) => (value === undefined || Array.isArray(value) ? value : [value]);
/** The most values one filter takes. */
const MAX_FILTER_VALUES = 20;
/** A search filter: one value, or several (repeated), any of which matches; each value is checked by the decorators beside it. */
const FilterValues = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], maxItems: MAX_FILTER_VALUES }),
    IsOptional(),
    Transform(listOf),
    IsArray(),
    ArrayMaxSize(MAX_FILTER_VALUES),
  );

/** A body sent as JSON stays under the 1 MB JSON limit of the HTTP edge. */
export const MAX_BODY_LENGTH = 250_000;
/** An imported document's text may be longer (a long PDF); search indexes its first 200,000 characters. */
export const MAX_IMPORTED_BODY_LENGTH = 2_000_000;

export class AuthorInputDto {
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  affiliation?: string;

  /** links the author to the account with this email, now or when it registers */
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

export class CreateContributionDto {
  /** slug of the congress, e.g. nioc2025 */
  @Matches(CONGRESS_SLUG, { message: 'congress must be a congress slug, e.g. nioc2025' })
  congress!: string;

  /** the theme's name or slug; a new name makes a new theme with its theme group */
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  theme?: string;

  @Transform(trimmed)
  @IsString()
  @Length(1, 500)
  title!: string;

  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  abstract?: string;

  @IsString()
  @Length(1, MAX_BODY_LENGTH)
  body!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @Transform(trimEach)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  keywords?: string[];

  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => AuthorInputDto)
  authors!: AuthorInputDto[];
}

export class AuthorDto {
  id!: string;
  name!: string;
  affiliation!: string | null;
  /** the account of the author, once linked */
  userId!: string | null;
}

export class WorkspaceDto {
  /** the contribution's workspace group */
  groupId!: string;
  /** the thread where readers give the authors feedback */
  feedbackThreadId!: string;
}

export class ContributionSummaryDto {
  id!: string;
  title!: string;
  abstract!: string;
  keywords!: string[];
  language!: Language;
  authors!: AuthorDto[];
  /** congress slug, e.g. nioc2013 */
  congress!: string;
  congressName!: string;
  year!: number;
  /** theme name, e.g. "ICT en overheid" */
  theme!: string | null;
  themeSlug!: string | null;
  workspace!: WorkspaceDto;
  createdAt!: Date;
  updatedAt!: Date;
  /** with ?q=: the best passage, matches wrapped in <mark>…</mark> (the rest HTML-escaped) */
  @ApiPropertyOptional({ type: String, nullable: true })
  highlight?: string | null;
}

export class ContributionDto extends ContributionSummaryDto {
  body!: string;
  /** the file it was imported from */
  sourceName!: string | null;
}

export class CongressFacetDto {
  slug!: string;
  name!: string;
  /** matches of the search and the other filters in this congress */
  count!: number;
}

export class ThemeFacetDto {
  slug!: string;
  name!: string;
  count!: number;
}

export class KeywordFacetDto {
  /** the keyword as most contributions write it; ?keyword= takes it case-insensitively */
  value!: string;
  count!: number;
}

export class AuthorFacetDto {
  /** the name as most contributions write it */
  name!: string;
  count!: number;
}

/**
 * The counts of each filter's values for the current search and filters, each facet
 * ignoring its own filter (so with congress X picked, the other congresses still show what
 * they would add). A picked value is always in its facet, with count 0 when nothing
 * matches it. congress: every congress with a match, newest first; theme: every theme
 * with a match, by name; keyword and author: the 20 with most matches, most first.
 */
export class SearchFacetsDto {
  congress!: CongressFacetDto[];
  theme!: ThemeFacetDto[];
  keyword!: KeywordFacetDto[];
  /** authors by name (case-insensitively); a picked ?author= is part of a name, so only an exact name is kept in */
  author!: AuthorFacetDto[];
}

export class ContributionPageDto {
  items!: ContributionSummaryDto[];
  nextCursor!: string | null;
  /** with ?facets=true */
  @ApiPropertyOptional({ type: SearchFacetsDto })
  facets?: SearchFacetsDto;
  /** with ?facets=true: the number of matches of the search and all filters (of every page, not this one) */
  @ApiPropertyOptional({ type: Number })
  total?: number;
}

export class ListContributionsQuery extends PageQuery {
  /** Dutch full-text search (accents ignored, word beginnings match), ranked */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  /** congress slug; repeated (congress=a&congress=b) for any of several */
  @FilterValues()
  @Matches(CONGRESS_SLUG, { each: true, message: 'congress must be a congress slug' })
  congress?: string[];

  /** theme slug; repeated for any of several */
  @FilterValues()
  @IsString({ each: true })
  @MaxLength(120, { each: true })
  theme?: string[];

  /** one keyword, exactly (case-insensitive); repeated for any of several */
  @FilterValues()
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  keyword?: string[];

  /** part of an author's name; repeated for any of several */
  @FilterValues()
  @IsString({ each: true })
  @Length(2, 200, { each: true })
  author?: string[];

  /** true: the answer adds `facets` and `total` */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  facets?: boolean;
}

export class LinkAuthorDto {
  /** the account that is this author; it becomes an owner of the workspace */
  @IsUUID()
  userId!: string;
}

export class ImportFailureDto {
  file!: string;
  reason!: string;
}

export class ImportedDocumentDto {
  file!: string;
  contributionId!: string;
  status!: 'created' | 'updated' | 'unchanged';
  /** fields the document did not state, so were guessed: title, theme, authors, keywords */
  guessed!: string[];
}

export class ImportResultDto {
  created!: number;
  updated!: number;
  unchanged!: number;
  failed!: ImportFailureDto[];
  documents!: ImportedDocumentDto[];
}
