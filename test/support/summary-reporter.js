// @ts-check
/**
 * Prints jest's own count as the last line of every run, the line CI reads:
 * `tests: N passed, M failed`. A suite that could not run counts as a failure.
 * Written to stderr, like jest's own summary, at exit so that it comes last.
 */
export default class SummaryReporter {
  /** @param {unknown} _contexts @param {import('@jest/reporters').AggregatedResult} results */
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `tests: ${results.numPassedTests} passed, ${failed} failed\n`;
    // At exit, after jest's own summary (writes to a pipe or file are synchronous on Linux).
    process.once('exit', () => process.stderr.write(line));
  }
}
