// A second floor: the same relay as relay.mjs, as a bare Nest app (express, the socket.io
// adapter, one gateway), with no lib of Kennisplein, no database, no Redis. What Nest itself
// costs in memory and latency; run.mjs --nest adds it beside the relay.
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { WebSocketGateway } from '@nestjs/websockets';

let seq = 0;
class RelayGateway {
  afterInit(namespace) {
    this.namespace = namespace;
  }

  handleConnection(socket) {
    socket.on('thread:join', ({ threadId }, ack) => {
      void socket.join(`thread:${threadId}`);
      ack?.({ ok: true, missed: [] });
    });
    socket.on('message:send', ({ threadId, body }, ack) => {
      const message = { id: String(++seq), threadId, seq, body };
      this.namespace.to(`thread:${threadId}`).emit('message:created', message);
      ack?.({ ok: true, message });
    });
  }
}
WebSocketGateway({ namespace: '/discussions' })(RelayGateway);
Injectable()(RelayGateway);

class RelayModule {}
Module({ providers: [RelayGateway] })(RelayModule);

const app = await NestFactory.create(RelayModule, { logger: ['error', 'warn'] });
app.useWebSocketAdapter(new IoAdapter(app));
await app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
process.stdout.write(`relay listening ${app.getHttpServer().address().port}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
