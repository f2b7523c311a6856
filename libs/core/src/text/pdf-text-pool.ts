import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { extractPdfText } from './pdf-text.js';

interface Job {
  id: number;
  bytes: Uint8Array;
  resolve: (text: string) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  job: Job | null;
}

/** The compiled worker beside this file; from TypeScript sources (jest) there is none, and PDFs are read in this thread. */
const WORKER_FILE = new URL('./pdf-text.worker.js', import.meta.url);
let compiled: boolean | undefined;

/**
 * Extracts the text of many PDFs (an import) on worker threads, one per core by default:
 * pdfjs is CPU-bound and would otherwise hold the event loop, one PDF at a time. A failed
 * extraction rejects with pdfjs's message, as extractPdfText does. Threads start on the
 * first PDF; close() ends them.
 */
export class PdfTextPool {
  private readonly threads: Thread[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private readonly size = availableParallelism()) {}

  extract(bytes: Uint8Array): Promise<string> {
    if (this.closed) return Promise.reject(new Error('the PDF text pool is closed'));
    compiled ??= existsSync(fileURLToPath(WORKER_FILE));
    if (!compiled) return extractPdfText(bytes);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, bytes, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the PDF text pool is closed'));
    await Promise.all(this.threads.splice(0).map((thread) => thread.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const thread = this.threads.find((candidate) => candidate.job === null) ?? (this.threads.length < this.size ? this.start() : null);
      if (!thread) return;
      const job = this.queue.shift()!;
      thread.job = job;
      thread.worker.postMessage({ id: job.id, bytes: job.bytes });
    }
  }

  private start(): Thread {
    const thread: Thread = { worker: new Worker(WORKER_FILE), job: null };
    thread.worker.on('message', (answer: { id: number; text?: string; error?: string }) => {
      const job = thread.job;
      thread.job = null;
      if (job && job.id === answer.id) {
        if (answer.error !== undefined) job.reject(new Error(answer.error));
        else job.resolve(answer.text ?? '');
      }
      this.dispatch();
    });
    // A thread that dies (out of memory on a hostile file) fails its PDF; the next one starts anew.
    const lost = (error: Error) => {
      const index = this.threads.indexOf(thread);
      if (index === -1) return;
      this.threads.splice(index, 1);
      thread.job?.reject(error);
      thread.job = null;
      if (!this.closed) this.dispatch();
    };
    thread.worker.on('error', lost);
    thread.worker.on('exit', (code) => lost(new Error(`the PDF reader stopped (exit code ${code})`)));
    this.threads.push(thread);
    return thread;
  }
}
