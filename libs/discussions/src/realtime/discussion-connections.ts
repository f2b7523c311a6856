import { Injectable, Logger } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import {
  accountRooms,
  type AuthUser,
  LocalWindow,
  pickLocale,
  RequestAuthenticator,
  socketAuthentication,
  socketFailure,
  type SocketFailure,
} from '@kennisplein/core';
import { UsersService } from '@kennisplein/identity';
import { DiscussionErrors } from '../discussions.errors.js';
import type { MessageDto } from '../messages/dto/message.dto.js';
import type {
  DiscussionsClientToServerEvents,
  DiscussionsInterServerEvents,
  DiscussionsServerToClientEvents,
  SocketAck,
} from './discussions.events.js';
import { DiscussionsConfig } from '../discussions.config.js';

/** What the namespace keeps of each socket (its socket.data), from the handshake on. */
export interface SocketState {
  user: AuthUser;
  displayName: string;
  /** joined threads → their group */
  threads: Map<string, string>;
  /** the socket's messages and joins in the current SOCKET_MESSAGE_WINDOW_SECONDS */
  rate: LocalWindow;
}

type ClientEvents = DiscussionsClientToServerEvents<MessageDto>;
type ServerEvents = DiscussionsServerToClientEvents<MessageDto>;
export type DiscussionsNamespace = Namespace<ClientEvents, ServerEvents, DiscussionsInterServerEvents, SocketState>;
export type DiscussionSocket = Socket<ClientEvents, ServerEvents, DiscussionsInterServerEvents, SocketState>;

export const threadRoom = (threadId: string) => `thread:${threadId}`;

export type Ack<T extends object = object> = (answer: SocketAck<T>) => void;
export const noAck: Ack = () => undefined;

/**
 * socket.io hands a handler what the client emitted, then the ack if it asked for one: the
 * ack is the last argument when it is a function, wherever that falls (no payload, or more
 * than one), and the payload the first argument that is not the ack. A client may send
 * anything: the handlers take the arguments as unknown and check them.
 */
export const ackOf = <T extends object>(args: unknown[]): Ack<T> | undefined => {
  const last = args.at(-1);
  return typeof last === 'function' ? (last as Ack<T>) : undefined;
};
export const payloadOf = (args: unknown[]): unknown => (typeof args[0] === 'function' && args.length === 1 ? undefined : args[0]);

/**
 * The sockets of /discussions as connections: the handshake and the state it leaves, the
 * per-socket rate limit, and an error as the ack a client reads.
 */
@Injectable()
export class DiscussionConnections {
  private readonly logger = new Logger('DiscussionConnections');

  constructor(
    private readonly authenticator: RequestAuthenticator,
    private readonly users: UsersService,
    private readonly config: DiscussionsConfig,
  ) {}

  /** The handshake carries the access token; without a valid one: connect_error. */
  authenticate(namespace: DiscussionsNamespace): void {
    namespace.use(
      socketAuthentication(this.authenticator, async (socket, user) => {
        const names = await this.users.findPublicByIds([user.id]);
        const socketState: SocketState = {
          user,
          displayName: names.get(user.id)?.displayName ?? '',
          threads: new Map(),
          rate: new LocalWindow(this.config.SOCKET_MESSAGE_LIMIT, this.config.SOCKET_MESSAGE_WINDOW_SECONDS),
        };
        Object.assign(socket.data as object, socketState);
      }),
    );
  }

  /** Into its account's rooms, so that the end of its login or account finds it. */
  async connected(socket: DiscussionSocket): Promise<void> {
    await socket.join(accountRooms(socket.data.user));
  }

  /** At most SOCKET_MESSAGE_LIMIT messages (and joins) per SOCKET_MESSAGE_WINDOW_SECONDS per socket. */
  consumeRate(socket: DiscussionSocket): void {
    if (this.withinRate(socket)) return;
    const retryAfter = socket.data.rate.retryAfterSeconds();
    throw DiscussionErrors.rate_limited(
      { limit: this.config.SOCKET_MESSAGE_LIMIT, seconds: this.config.SOCKET_MESSAGE_WINDOW_SECONDS, retryAfter },
      { retryAfterSeconds: retryAfter },
    );
  }

  /** Counts one event of the socket: whether it is within the limit. */
  withinRate(socket: DiscussionSocket): boolean {
    return socket.data.rate.take();
  }

  /** An error as the ack: its code and the message in the socket's language; an unexpected one is logged. */
  failure(error: unknown, socket: DiscussionSocket): SocketFailure {
    const locale = pickLocale(socket.handshake.headers['accept-language'], (socket.data as Partial<SocketState>).user?.locale);
    return socketFailure(error, locale, (line) => this.logger.error(line));
  }
}
