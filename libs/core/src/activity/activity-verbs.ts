import { ApiProperty } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ErrorLocale } from '../errors/domain-error.js';

/**
 * Who hears of an activity besides the people it names (its recipients): every member of
 * the group it happened in, only the group's managers (theirs to decide), or nobody else
 * (it is addressed to someone).
 */
export type ActivityAudience = 'group' | 'managers' | 'recipients';

export interface ActivityVerbDefinition {
  audience: ActivityAudience;
  /** Something made in its group (a message, a file), not who joined: it counts for the group's last activity. */
  madeInGroup?: boolean;
  /** One line telling it, e.g. "Ann posted a message", in each language. */
  nl: (actor: string) => string;
  en: (actor: string) => string;
}

export interface DeclaredActivityVerb extends ActivityVerbDefinition {
  verb: string;
}

/** Every verb of the libs loaded: filled as each lib's verbs module is loaded. */
const catalogue = new Map<string, DeclaredActivityVerb>();

/**
 * Declares the activity verbs of one lib, as defineErrors declares its codes: each member of
 * the lib's verb enum (the type parameter: none can be left out) with who hears of it and the
 * line that tells it. A verb declared twice is a programming error.
 */
export function defineActivityVerbs<V extends string>(verbs: Record<V, ActivityVerbDefinition>): void {
  for (const [verb, definition] of Object.entries<ActivityVerbDefinition>(verbs)) {
    if (catalogue.has(verb)) throw new Error(`The activity verb ${verb} is declared twice`);
    catalogue.set(verb, { verb, ...definition });
  }
}

/** The declared verbs, in the order their libs were loaded. */
export function activityVerbs(): DeclaredActivityVerb[] {
  return [...catalogue.values()];
}

export function isActivityVerb(verb: string): boolean {
  return catalogue.has(verb);
}

/** The line that tells an activity; a verb no loaded lib declares (an old row) shows the actor alone. */
export function describeActivity(verb: string, locale: ErrorLocale, actor: string): string {
  return catalogue.get(verb)?.[locale](actor) ?? actor;
}

/** DTO properties that hold a verb: the OpenAPI document describes them with the catalogue. */
const verbProperties: { schema: string; property: string }[] = [];

/**
 * Documents a DTO property as an activity verb. The list of verbs is filled in when the
 * document is made (documentActivityVerbs), once every lib's verbs are loaded.
 */
export function ApiActivityVerbProperty(): PropertyDecorator {
  return (target, property) => {
    ApiProperty()(target, property);
    verbProperties.push({ schema: target.constructor.name, property: String(property) });
  };
}

export function documentActivityVerbs(document: OpenAPIObject): void {
  // Sorted, as the error catalogue is: the document does not change with the order libs load in.
  const description = activityVerbs()
    .map(({ verb }) => verb)
    .sort()
    .join(', ');
  for (const { schema, property } of verbProperties) {
    const target = document.components?.schemas?.[schema];
    const field = target && 'properties' in target ? target.properties?.[property] : undefined;
    if (field && !('$ref' in field)) field.description = description;
  }
}
