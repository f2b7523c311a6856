import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server in the test process (the smtp-server package): the platform sends
 * over SMTP as in production, and the test reads the parsed messages.
 */
/** The subjects of the verification mail, in both languages. */
export const VERIFICATION_MAIL = /^(Bevestig uw e-mailadres|Confirm your email address)/;

export class SmtpSink {
  readonly messages: ParsedMail[] = [];

  /**
   * `ignoreSubjects`: mails a suite is not about (every registration sends a verification
   * mail) are accepted and dropped, so that "the mail to this reader" is the one under test.
   */
  constructor(private readonly options: { ignoreSubjects?: RegExp } = {}) {}

  /** Messages to refuse (451, try again later) before accepting again, as a server in trouble does. */
  refuseNext = 0;
  refused = 0;
  /**
   * While true, the server refuses every message (451 to each recipient: try again later),
   * as a mail server in trouble for a while does; `refusedTo` counts the refusals per address.
   */
  refusing = false;
  private readonly refusals = new Map<string, number>();
  /** While true, messages are read but not answered: a sender stays in the middle of sending. */
  hold = false;
  held = 0;
  /** Messages to accept before holding (holdAfter). */
  private acceptBeforeHold: number | null = null;
  private readonly heldMessages: { raw: Buffer; callback: (error?: Error | null) => void }[] = [];
  private readonly waiters: (() => void)[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      if (!this.refusing) return callback();
      const to = address.address.toLowerCase();
      this.refusals.set(to, (this.refusals.get(to) ?? 0) + 1);
      callback(Object.assign(new Error('mailbox unavailable, try again later'), { responseCode: 451 }));
    },
    onData: (stream, _session, callback) => {
      if (this.refuseNext > 0) {
        this.refuseNext--;
        this.refused++;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('try again later'), { responseCode: 451 })));
        return;
      }
      if (this.acceptBeforeHold !== null) {
        if (this.acceptBeforeHold === 0) {
          this.acceptBeforeHold = null;
          this.hold = true;
        } else this.acceptBeforeHold--;
      }
      if (this.hold) {
        this.held++;
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        // Released while the message was still arriving: answered as soon as it is whole.
        stream.on('end', () =>
          this.hold ? this.heldMessages.push({ raw: Buffer.concat(chunks), callback }) : this.accept(simpleParser(Buffer.concat(chunks)), callback),
        );
        return;
      }
      this.accept(simpleParser(stream), callback);
    },
  });

  /** Accepts the next `count` messages, then holds every one after them (see hold): a sender caught halfway through a batch. */
  holdAfter(count: number): void {
    this.acceptBeforeHold = count;
  }

  /** Stops holding and answers the messages held so far, as if the server had only been slow. */
  release(): void {
    this.hold = false;
    for (const { raw, callback } of this.heldMessages.splice(0)) this.accept(simpleParser(raw), callback);
  }

  private accept(parsed: Promise<ParsedMail>, callback: (error?: Error | null) => void): void {
    parsed
      .then((mail) => {
        if (this.options.ignoreSubjects?.test(mail.subject ?? '')) return callback();
        this.messages.push(mail);
        this.waiters.splice(0).forEach((wake) => wake());
        callback();
      })
      .catch((error: Error) => callback(error));
  }

  async start(): Promise<string> {
    // A sender that dies mid-message (the worker-crash test kills one) resets its connection;
    // smtp-server reports that as an 'error' event, which unheard would fail the test file.
    this.server.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') throw error;
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  /** Waits until a message to this address has arrived. */
  async messageTo(address: string, deadlineMs = 15_000): Promise<ParsedMail> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      const found = this.messages.find((mail) => JSON.stringify(mail.to).toLowerCase().includes(address.toLowerCase()));
      if (found) return found;
      if (Date.now() > until) throw new Error(`no mail to ${address} arrived`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  /** How often a message to this address was refused (while `refusing`). */
  refusedTo(address: string): number {
    return this.refusals.get(address.toLowerCase()) ?? 0;
  }

  /** The messages to one address so far. */
  messagesTo(address: string): ParsedMail[] {
    return this.messages.filter((mail) => JSON.stringify(mail.to).toLowerCase().includes(address.toLowerCase()));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
