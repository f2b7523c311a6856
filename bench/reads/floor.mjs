// The floor of bench:reads: a bare NestJS app on the same platform-express, one controller
// returning a small JSON, no guards, no database. Started as its own process by run.mjs.
//
//   PORT=3999 node bench/reads/floor.mjs
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

class FloorController {
  get() {
    return { id: '00000000-0000-4000-8000-000000000000', status: 'ok', items: [1, 2, 3] };
  }
}
// Plain .mjs has no decorator syntax: the decorators are applied as functions.
Get('floor')(FloorController.prototype, 'get', Object.getOwnPropertyDescriptor(FloorController.prototype, 'get'));
Controller()(FloorController);

class FloorModule {}
Module({ controllers: [FloorController] })(FloorModule);

const app = await NestFactory.create(FloorModule, { logger: ['error'] });
app.setGlobalPrefix('api/v1');
await app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
