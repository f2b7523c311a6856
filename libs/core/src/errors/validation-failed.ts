import type { ValidationError } from 'class-validator';
import { DomainError, defineErrors, type ErrorLocale } from './domain-error.js';

const ValidationErrors = defineErrors('validation', {
  failed: { status: 400, nl: 'De invoer klopt niet', en: 'The input is not valid' },
});
void ValidationErrors;

/** One rule a field broke: the field's path (authors.0.name), the rule, class-validator's English text. */
export interface FieldProblem {
  field: string;
  rule: string;
  en: string;
}

/**
 * Dutch for class-validator's rules. Their English messages carry the rule's argument
 * (a length, a list of values), which is taken from there; a rule without a Dutch text
 * keeps its English one.
 */
const DUTCH: Record<string, (field: string, argument: string) => string> = {
  whitelistValidation: (field) => `het veld ${field} bestaat niet`,
  isDefined: (field) => `${field} ontbreekt`,
  isNotEmpty: (field) => `${field} mag niet leeg zijn`,
  isString: (field) => `${field} moet tekst zijn`,
  isEmail: (field) => `${field} moet een e-mailadres zijn`,
  isUuid: (field) => `${field} moet een UUID zijn`,
  isInt: (field) => `${field} moet een geheel getal zijn`,
  isBoolean: (field) => `${field} moet true of false zijn`,
  isArray: (field) => `${field} moet een lijst zijn`,
  isUrl: (field) => `${field} moet een URL zijn`,
  isIn: (field, values) => `${field} moet een van deze waarden zijn: ${values}`,
  isEnum: (field, values) => `${field} moet een van deze waarden zijn: ${values}`,
  minLength: (field, n) => `${field} moet minstens ${n} tekens lang zijn`,
  maxLength: (field, n) => `${field} mag hooguit ${n} tekens lang zijn`,
  min: (field, n) => `${field} mag niet kleiner zijn dan ${n}`,
  max: (field, n) => `${field} mag niet groter zijn dan ${n}`,
  arrayMinSize: (field, n) => `${field} moet minstens ${n} elementen hebben`,
  arrayMaxSize: (field, n) => `${field} mag hooguit ${n} elementen hebben`,
  arrayNotEmpty: (field) => `${field} mag niet leeg zijn`,
  matches: (field) => `${field} heeft niet de juiste vorm`,
  isTimeZone: (field) => `${field} moet de naam van een IANA-tijdzone zijn, zoals Europe/Amsterdam`,
  isIso8601: (field) => `${field} moet een datum in ISO 8601 zijn`,
  isDateString: (field) => `${field} moet een datum in ISO 8601 zijn`,
  isHexColor: (field) => `${field} moet een hexadecimale kleur zijn`,
};

/** The argument inside class-validator's English message: the number, or the list after the colon. */
function argumentOf(rule: string, english: string): string {
  if (rule === 'isIn' || rule === 'isEnum') return english.split(': ').slice(1).join(': ');
  return /(-?\d+(?:\.\d+)?)/.exec(english)?.[1] ?? '';
}

function dutch(problem: FieldProblem): string {
  const translate = DUTCH[problem.rule];
  // `length` is minLength or maxLength, depending on which side it failed.
  if (problem.rule === 'isLength') {
    const n = argumentOf(problem.rule, problem.en);
    return (problem.en.includes('longer') ? DUTCH.minLength : DUTCH.maxLength)(problem.field, n);
  }
  return translate ? translate(problem.field, argumentOf(problem.rule, problem.en)) : problem.en;
}

/** class-validator's tree of errors, flattened to one problem per field and rule. */
export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule,
      // class-validator names only the leaf property; the whole path says more.
      en: parent && message.startsWith(error.property) ? `${field}${message.slice(error.property.length)}` : message,
    }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** An answer names at most this many problems, and no field name longer than FIELD_SHOWN. */
export const MAX_PROBLEMS_SHOWN = 20;
const FIELD_SHOWN = 100;

const shorten = (text: string) => (text.length > FIELD_SHOWN ? `${text.slice(0, FIELD_SHOWN)}…` : text);

/** A problem fit for an answer: a caller's key of a megabyte is not sent back whole. */
function shown(problem: FieldProblem): FieldProblem {
  if (problem.field.length <= FIELD_SHOWN) return problem;
  return { field: shorten(problem.field), rule: problem.rule, en: problem.en.split(problem.field).join(shorten(problem.field)) };
}

/**
 * `validation.failed`: every bad field in `message` (one line each, in the caller's
 * language) and in `fields` ({field, rule}) for a client that marks its form. Past
 * MAX_PROBLEMS_SHOWN the answer stops and says how many more there were (`omitted`), so
 * its size does not grow with the input.
 */
export class ValidationFailed extends DomainError {
  readonly problems: FieldProblem[];
  readonly omitted: number;

  constructor(problems: FieldProblem[]) {
    const kept = problems.slice(0, MAX_PROBLEMS_SHOWN).map(shown);
    const omitted = problems.length - kept.length;
    super('validation.failed', {}, { details: { fields: kept.map(({ field, rule }) => ({ field, rule })), ...(omitted > 0 ? { omitted } : {}) } });
    this.problems = kept;
    this.omitted = omitted;
    this.message = kept.map((problem) => problem.en).join('; ');
  }

  override messageIn(locale: ErrorLocale): string[] {
    const lines = this.problems.map((problem) => (locale === 'en' ? problem.en : dutch(problem)));
    if (this.omitted > 0) lines.push(locale === 'en' ? `and ${this.omitted} more problems` : `en nog ${this.omitted} andere problemen`);
    return lines;
  }

  static of(errors: readonly ValidationError[]): ValidationFailed {
    return new ValidationFailed(fieldProblems(errors));
  }
}
