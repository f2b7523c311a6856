import { describe, expect, it } from '@jest/globals';
import { JobRegistry } from './job-registry.js';
import { JobName } from './jobs.js';
import { StartupError } from '../startup/startup-error.js';

describe('JobRegistry', () => {
  it('refuses to boot a worker while a job has no handler, naming it', () => {
    const registry = new JobRegistry();
    expect(() => registry.assertEveryJobHasAHandler()).toThrow(StartupError);
    expect(() => registry.assertEveryJobHasAHandler()).toThrow(JobName.PurgeExpiredSessions);
  });

  it('passes once every job has its handler', () => {
    const registry = new JobRegistry();
    for (const name of Object.values(JobName)) registry.register(name, () => Promise.resolve());
    expect(() => registry.assertEveryJobHasAHandler()).not.toThrow();
  });

  it('refuses a second handler for one job', () => {
    const registry = new JobRegistry();
    registry.register(JobName.PurgeExpiredSessions, () => Promise.resolve());
    expect(() => registry.register(JobName.PurgeExpiredSessions, () => Promise.resolve())).toThrow(/already/);
  });
});
