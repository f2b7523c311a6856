/** A message as stored: its seq is unique in its thread and assigned in the transaction that inserts it. */
export interface Message {
  id: string;
  threadId: string;
  seq: number;
  authorId: string | null;
  /** The message it answers. */
  parentId: string | null;
  /** Markdown as written. */
  body: string;
  /** Rendered and sanitized. */
  html: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  /** The id the author's client gave it; unique per author (idempotent posting). */
  clientId: string | null;
}

export interface NewMessage {
  threadId: string;
  authorId: string;
  body: string;
  parentId?: string;
  /** The id the author's client gave it: the same author and client id are one message. */
  clientId?: string;
}
