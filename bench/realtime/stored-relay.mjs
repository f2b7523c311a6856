// A third floor: the relay of relay.mjs that stores each message as Kennisplein does before
// it broadcasts: one pooled connection (20, as the api's), BEGIN, the thread's next seq and
// the message in one statement, an activity row, COMMIT. No Nest, no auth, no Redis. The
// difference to the relay is what storing before delivering costs on this machine's PostgreSQL;
// run.mjs --stored adds it (and makes and drops its database).
import { createServer } from 'node:http';
import pg from 'pg';
import { Server } from 'socket.io';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
await pool.query(`
  CREATE TABLE IF NOT EXISTS threads (id text PRIMARY KEY, last_seq int NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS messages (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), thread_id text NOT NULL, seq int NOT NULL,
    body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (thread_id, seq));
  CREATE TABLE IF NOT EXISTS activities (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), object_id uuid NOT NULL, snapshot jsonb NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now());`);

async function store(threadId, body) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      `WITH next AS (UPDATE threads SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq)
       INSERT INTO messages (thread_id, seq, body) SELECT $1, last_seq, $2 FROM next RETURNING id, seq, created_at`,
      [threadId, body],
    );
    await client.query('INSERT INTO activities (object_id, snapshot) VALUES ($1, $2)', [rows[0].id, { threadId, excerpt: body }]);
    await client.query('COMMIT');
    return rows[0];
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const httpServer = createServer();
const io = new Server(httpServer, { maxHttpBufferSize: 64 * 1024 });
const relay = io.of('/discussions');
relay.on('connection', (socket) => {
  socket.on('thread:join', ({ threadId }, ack) => {
    void pool.query('INSERT INTO threads (id) VALUES ($1) ON CONFLICT DO NOTHING', [threadId]).then(() => {
      void socket.join(`thread:${threadId}`);
      ack?.({ ok: true, missed: [] });
    });
  });
  socket.on('message:send', ({ threadId, body }, ack) => {
    store(threadId, body).then(
      (row) => {
        const message = { id: row.id, threadId, seq: row.seq, body, createdAt: row.created_at.toISOString() };
        relay.to(`thread:${threadId}`).emit('message:created', message);
        ack?.({ ok: true, message });
      },
      () => ack?.({ ok: false }),
    );
  });
});
process.on('SIGTERM', () => void pool.end().finally(() => process.exit(0)));
httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => process.stdout.write(`relay listening ${httpServer.address().port}\n`));
