// The floor: a bare socket.io relay. No auth, no database: join a room, broadcast to it.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const httpServer = createServer();
const io = new Server(httpServer, { maxHttpBufferSize: 64 * 1024 });
const relay = io.of('/discussions');
let seq = 0;
relay.on('connection', (socket) => {
  socket.on('thread:join', ({ threadId }, ack) => {
    void socket.join(`thread:${threadId}`);
    ack?.({ ok: true, missed: [] });
  });
  socket.on('message:send', ({ threadId, body }, ack) => {
    const message = { id: String(++seq), threadId, seq, body };
    relay.to(`thread:${threadId}`).emit('message:created', message);
    ack?.({ ok: true, message });
  });
});
httpServer.listen(port, '127.0.0.1', () => process.stdout.write(`relay listening ${httpServer.address().port}\n`));
