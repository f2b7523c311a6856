import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { AppConfig } from '../config/app-config.js';
import { JobQueue } from '../queue/job-queue.js';
import { JobRegistry } from '../queue/job-registry.js';
import { CoreJob } from '../queue/jobs.js';
import type { RenderedMail } from './mail-template.js';

export interface OutgoingMail extends RenderedMail {
  to: string;
  headers?: Record<string, string>;
}

interface Transport {
  sendMail(message: object): Promise<{ messageId?: string; message?: Buffer }>;
  close(): void;
}

/** SMTP connections kept open and reused: a digest run sends thousands of mails. (The digest benchmark's floor uses the same.) */
export const SMTP_POOL = { pool: true, maxConnections: 8, maxMessages: 1000 } as const;

/**
 * Sends mail over SMTP (SMTP_URL) with nodemailer. Without SMTP_URL, each mail is written
 * to MAIL_DIR as an .eml file that any mail program opens.
 */
@Injectable()
export class Mailer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Mailer');
  private readonly transport: Transport;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: JobRegistry,
    private readonly jobs: JobQueue,
  ) {
    this.transport = (
      config.SMTP_URL
        ? nodemailer.createTransport({ url: config.SMTP_URL, ...SMTP_POOL })
        : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
    ) as Transport;
  }

  onModuleInit(): void {
    this.registry.register(CoreJob.SendMail, ({ mail }) => this.send(mail));
  }

  onModuleDestroy(): void {
    this.transport.close();
  }

  /** Sends at once; throws when the server refuses (the SendMail job retries). */
  async send(mail: OutgoingMail): Promise<{ messageId?: string }> {
    const info = await this.transport.sendMail({
      from: this.config.MAIL_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.headers,
    });
    if (!this.config.SMTP_URL && info.message) {
      await mkdir(this.config.MAIL_DIR, { recursive: true });
      const file = join(this.config.MAIL_DIR, `${new Date().toISOString().replace(/[:.]/g, '-')}-${info.messageId?.replace(/[^\w.-]/g, '') ?? 'mail'}.eml`);
      await writeFile(file, info.message);
      this.logger.log(`no SMTP_URL: wrote ${file}`);
    }
    return { messageId: info.messageId };
  }

  /**
   * Sends through the mail queue: retried with backoff while the server is down.
   * A jobId makes a repeated call send once.
   */
  async enqueue(mail: OutgoingMail, jobId: string): Promise<void> {
    // Mail jobs are removed once done or given up: they may carry tokens.
    await this.jobs.enqueue(CoreJob.SendMail, { mail }, { jobId: `mail:${jobId}`, removeOnComplete: true, removeOnFail: true });
  }
}
