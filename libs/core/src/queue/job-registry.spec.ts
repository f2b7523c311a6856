import { describe, expect, it } from '@jest/globals';
import { JobRegistry } from './job-registry.js';
import { CORE_JOBS, CoreJob, type JobName, type LibJobs } from './jobs.js';
import { StartupError } from '../startup/startup-error.js';

/** Two libs of an application, as their own *.jobs.ts would define them. */
const TIDY_UP = 'example.tidy-up' as JobName;
const EXAMPLE_JOBS: LibJobs = {
  queues: [{ name: 'example', concurrency: 1 }],
  jobs: [{ name: TIDY_UP, queue: 'example', cron: '0 3 * * *' }],
};
const REPORT = 'other.report' as JobName;
const OTHER_JOBS: LibJobs = { queues: [], jobs: [{ name: REPORT, queue: 'mail' }] };

const nothing = () => Promise.resolve();

describe('JobRegistry', () => {
  it('refuses to boot a worker while a defined job has no handler, naming it', () => {
    const registry = new JobRegistry();
    registry.define(CORE_JOBS);
    registry.define(EXAMPLE_JOBS);
    registry.register(CoreJob.SendMail, nothing);
    expect(() => registry.assertEveryJobHasAHandler()).toThrow(StartupError);
    expect(() => registry.assertEveryJobHasAHandler()).toThrow(TIDY_UP);
  });

  it('boots a worker that imports only some libs: the jobs of the others are not its to run', () => {
    const registry = new JobRegistry();
    registry.define(CORE_JOBS);
    registry.define(EXAMPLE_JOBS);
    registry.register(CoreJob.SendMail, nothing);
    registry.register(TIDY_UP, nothing);
    expect(() => registry.assertEveryJobHasAHandler()).not.toThrow();
    expect(registry.queueDefinitions().map((queue) => queue.name)).toEqual(['mail', 'example']);
    expect(registry.repeatableJobs().map((job) => job.name)).toEqual([TIDY_UP]);
    expect(() => registry.queueOf(REPORT)).toThrow(/not defined/);
  });

  it('refuses a job on a queue that no imported lib declares', () => {
    const registry = new JobRegistry();
    registry.define(OTHER_JOBS);
    registry.register(REPORT, nothing);
    expect(() => registry.assertEveryJobHasAHandler()).toThrow(/queue mail/);
  });

  it('keeps a lib defined twice once, and refuses two different definitions of one job', () => {
    const registry = new JobRegistry();
    registry.define(EXAMPLE_JOBS);
    registry.define(EXAMPLE_JOBS);
    expect(registry.queueDefinitions()).toHaveLength(1);
    expect(() => registry.define({ queues: [], jobs: [{ name: TIDY_UP, queue: 'example' }] })).toThrow(/defined twice/);
  });

  it('refuses a handler for a job no lib defined', () => {
    expect(() => new JobRegistry().register(TIDY_UP, nothing)).toThrow(/not defined/);
  });

  it('refuses a second handler for one job', () => {
    const registry = new JobRegistry();
    registry.define(EXAMPLE_JOBS);
    registry.register(TIDY_UP, nothing);
    expect(() => registry.register(TIDY_UP, nothing)).toThrow(/already/);
  });
});
