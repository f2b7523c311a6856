/**
 * The socket.io namespace /discussions: every event each way, with its payload and ack.
 * Free of imports on purpose: `npm run api:types` copies this file as is into
 * apps/web/src/api/generated/, so the web client speaks the same map. A message's type
 * is a parameter: the server's MessageDto, the client's schema of it.
 */

export const DISCUSSIONS_NAMESPACE = '/discussions';

/** What the server emits to a socket. */
export const DiscussionsServerEvent = {
  MessageCreated: 'message:created',
  MessageUpdated: 'message:updated',
  MessageDeleted: 'message:deleted',
  Typing: 'typing',
  ThreadLeft: 'thread:left',
} as const;

/** What a client emits. */
export const DiscussionsClientEvent = {
  JoinThread: 'thread:join',
  LeaveThread: 'thread:leave',
  SendMessage: 'message:send',
  Typing: 'typing',
} as const;

/** Between api instances, through the Redis adapter (serverSideEmit). */
export const DiscussionsInterServerEvent = {
  AccessChanged: 'access-changed',
  SiteAccessChanged: 'site-access-changed',
} as const;

/** The server event of each kind of change to a message. */
export const MESSAGE_EVENT_OF = {
  created: DiscussionsServerEvent.MessageCreated,
  updated: DiscussionsServerEvent.MessageUpdated,
  deleted: DiscussionsServerEvent.MessageDeleted,
} as const;

/** A refused event: its code, the message in the socket's language, the HTTP status it would have had. */
export interface SocketRefusal {
  ok: false;
  error: { code: string; message: string | string[] };
  status: number;
}

/** An ack: ok with its payload, or the refusal. */
export type SocketAck<T extends object = object> = ({ ok: true } & T) | SocketRefusal;

export interface ThreadInput {
  threadId: string;
}

export interface JoinThreadInput extends ThreadInput {
  /** the last seq this client saw: the ack holds every message after it */
  lastSeq?: number;
}

/** The body of POST /threads/:id/messages, with the thread. */
export interface SendMessageInput extends ThreadInput {
  body: string;
  parentId?: string;
  clientId?: string;
}

export interface TypingEvent {
  threadId: string;
  user: { id: string; displayName: string };
}

/** The socket was taken out of a thread: its reader lost access. */
export interface ThreadLeftEvent {
  threadId: string;
  reason: 'access';
}

/** A group's access changed: for one user (revoked: they lost it), or for everyone (its visibility). */
export interface AccessChangedEvent {
  groupId: string;
  userId?: string;
  revoked?: boolean;
}

/** A deelsite's access changed: for one user (their site role), or for everyone. */
export interface SiteAccessChangedEvent {
  siteId: string;
  userId?: string;
}

export interface DiscussionsServerToClientEvents<Message> {
  [DiscussionsServerEvent.MessageCreated]: (message: Message) => void;
  [DiscussionsServerEvent.MessageUpdated]: (message: Message) => void;
  [DiscussionsServerEvent.MessageDeleted]: (message: Message) => void;
  [DiscussionsServerEvent.Typing]: (event: TypingEvent) => void;
  [DiscussionsServerEvent.ThreadLeft]: (event: ThreadLeftEvent) => void;
}

export interface DiscussionsClientToServerEvents<Message> {
  [DiscussionsClientEvent.JoinThread]: (input: JoinThreadInput, ack: (answer: SocketAck<{ missed: Message[] }>) => void) => void;
  [DiscussionsClientEvent.LeaveThread]: (input: ThreadInput, ack?: (answer: SocketAck) => void) => void;
  [DiscussionsClientEvent.SendMessage]: (input: SendMessageInput, ack: (answer: SocketAck<{ message: Message }>) => void) => void;
  [DiscussionsClientEvent.Typing]: (input: ThreadInput) => void;
}

export interface DiscussionsInterServerEvents {
  [DiscussionsInterServerEvent.AccessChanged]: (event: AccessChangedEvent) => void;
  [DiscussionsInterServerEvent.SiteAccessChanged]: (event: SiteAccessChangedEvent) => void;
}
