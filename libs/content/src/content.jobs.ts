import type { LibJobs } from '@kennisplein/core';

export enum ContentQueue {
  Files = 'files',
}

export enum ContentJob {
  ExtractFileText = 'content.extract-file-text',
}

declare module '@kennisplein/core' {
  interface JobPayloads {
    [ContentJob.ExtractFileText]: { fileId: string };
  }
}

/** Content's queues and jobs (the handlers are ContentProcessor's). */
export const CONTENT_JOBS: LibJobs = {
  queues: [{ name: ContentQueue.Files, concurrency: 2 }],
  jobs: [{ name: ContentJob.ExtractFileText, queue: ContentQueue.Files }],
};
