import { createHash, randomInt } from 'node:crypto';
import type fc from 'fast-check';

/**
 * How much to fuzz, and from which seed. The CI run (`npm test`) is small; `npm run
 * test:fuzz` runs more. A failure prints its seed: `FUZZ_SEED=<seed>` replays the run, and
 * `FUZZ_ONLY=<regex>` keeps only the routes or events it names.
 */
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(2 ** 31 - 1);
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 50));
export const FUZZ_ONLY = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : undefined;

/** The seed of one property: the run's seed and the property's name, so one route's cases do not shift when another is added. */
export function seedOf(name: string): number {
  return (FUZZ_SEED ^ createHash('sha256').update(name).digest().readInt32BE(0)) | 0;
}

/** A deadline that only ends a hung property, never one that measures it. */
export const deadlineMs = (runs: number) => 60_000 + runs * 3_000;

export function announce(what: string): void {
  console.info(`fuzz ${what}: FUZZ_SEED=${FUZZ_SEED} FUZZ_RUNS=${FUZZ_RUNS}${FUZZ_ONLY ? ` FUZZ_ONLY=${FUZZ_ONLY.source}` : ''} (replay: FUZZ_SEED=${FUZZ_SEED} npm run test:fuzz)`);
}

const CODE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** Is this a code of the error catalogue's form (`group.not_found`)? */
export const isCode = (value: unknown): value is string => typeof value === 'string' && CODE.test(value);

/**
 * fast-check's report without the counterexample's full value (a generated body can be
 * megabytes): the property's own message says what was sent, and the seed and path replay it.
 */
export function shortReport<T>(details: fc.RunDetails<T>): void {
  if (!details.failed) return;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `failed after ${details.numRuns} run(s), shrunk ${details.numShrinks} time(s); replay: FUZZ_SEED=${FUZZ_SEED} (this property: seed ${details.seed}, path ${details.counterexamplePath})\n${cause}`,
  );
}
