import { Logger } from '@nestjs/common';
import type { ClientBase } from 'pg';

const logger = new Logger('Database');

/**
 * The pool's `onConnect`: every pooled connection listens for its own 'error' event from the
 * moment it connects. pg-pool listens only while a connection is idle and TypeORM only while
 * a query runner holds it; an error in between (PostgreSQL ending the backend just as the
 * connection is handed out, both in one packet) was an 'error' event no one heard, and that
 * ends the process (node-postgres #2762). Such a connection is unusable afterwards: its next
 * query fails as "database unavailable", and it leaves the pool when released.
 */
export function listenForConnectionErrors(client: ClientBase): void {
  client.on('error', (error: Error) => {
    // Only when no other listener heard it: the pool and TypeORM log their own.
    if (client.listenerCount('error') === 1) logger.warn(`a PostgreSQL connection failed between two uses: ${error.message}`);
  });
}
