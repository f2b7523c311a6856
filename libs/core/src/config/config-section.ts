import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { redactUrl } from '../startup/startup-error.js';

/** Environment variables as a process sees them (process.env, or a test's own). */
export type Environment = Record<string, string | undefined>;

/**
 * A class of settings: each property is named like its environment variable, holds its
 * default and carries its class-validator rules. Core's AppConfig is one; every lib declares
 * its own section (e.g. CommunityConfig) with @ConfigSection().
 */
export type SettingsClass<Settings extends object = object> = new () => Settings;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** For `@Transform`: a variable of digits becomes a number; anything else stays for the validator to refuse. */
export const integerFromEnv = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/** For `@Transform`: true/1/yes and false/0/no become booleans; anything else stays for the validator to refuse. */
export const booleanFromEnv = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const lowered = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(lowered)) return true;
  if (['false', '0', 'no'].includes(lowered)) return false;
  return value;
};

const sections: SettingsClass[] = [];

/**
 * Declares a lib's settings section: loadConfig validates it at start-up beside the
 * platform's settings (one message naming every bad variable), and the lib's module
 * provides it, read from the environment with its forRoot options winning.
 */
export function ConfigSection(): ClassDecorator {
  return (target) => {
    const settings = target as unknown as SettingsClass;
    if (!sections.includes(settings)) sections.push(settings);
  };
}

/** The sections of the libs this process has loaded, in the order they were declared. */
export function registeredConfigSections(): readonly SettingsClass[] {
  return sections;
}

/** The setting names of a section. */
export function settingNames(settings: SettingsClass): string[] {
  return Object.keys(new settings());
}

/** A value fit for an error message: secrets hidden, passwords taken out of URLs. */
function shownValue(name: string, value: unknown): string {
  if (value === undefined) return 'nothing';
  if (/SECRET|PASSWORD/.test(name)) return typeof value === 'string' ? `a value of ${value.length} characters` : 'a hidden value';
  if (name.endsWith('_URL') && typeof value === 'string') return JSON.stringify(redactUrl(value));
  return JSON.stringify(value);
}

/**
 * Reads a section from the environment (empty variables count as unset), the overrides
 * (options given in code) winning over variables. Answers the settings and one line per bad
 * setting: its name, what is wrong, and the value it got.
 */
export function checkSettings<Settings extends object>(
  settings: SettingsClass<Settings>,
  env: Environment,
  overrides: Partial<Settings> = {},
): { settings: Settings; problems: string[] } {
  const known = settingNames(settings);
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const fromOptions = new Set<string>();
  for (const [key, value] of Object.entries<unknown>(overrides)) {
    if (value === undefined) continue;
    if (!known.includes(key)) {
      problems.push(`${key} is not a setting of ${settings.name} (got it in the module's options)`);
      continue;
    }
    raw[key] = value;
    fromOptions.add(key);
  }
  const instance = plainToInstance(settings, raw, { exposeDefaultValues: true });
  for (const error of validateSync(instance, { whitelist: false })) {
    const reasons = Object.values(error.constraints ?? {}).map((message) => message.replace(`${error.property} `, ''));
    const where = fromOptions.has(error.property) ? " in the module's options" : '';
    problems.push(`${error.property} ${reasons.join(', ')} (got ${shownValue(error.property, raw[error.property])}${where})`);
  }
  return { settings: instance, problems };
}

/** checkSettings, throwing a ConfigError naming every bad setting. */
export function loadSettings<Settings extends object>(settings: SettingsClass<Settings>, env: Environment, overrides?: Partial<Settings>): Settings {
  const checked = checkSettings(settings, env, overrides);
  if (checked.problems.length > 0) throw new ConfigError(checked.problems);
  return checked.settings;
}

/** A variable claimed by two sections would be read twice, perhaps with two meanings. */
export function duplicateSettings(all: readonly SettingsClass[]): string[] {
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const settings of all) {
    for (const name of settingNames(settings)) {
      const first = owner.get(name);
      if (first !== undefined) problems.push(`${name} is declared by both ${first} and ${settings.name}`);
      else owner.set(name, settings.name);
    }
  }
  return problems;
}
