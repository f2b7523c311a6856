// Loaded into the api by bench:reads (node --import): each answer carries X-Bench-Sql, the
// SQL queries its request sent, so the benchmark can print round trips per request.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import http from 'node:http';

const require = createRequire(`${process.cwd()}/package.json`);
const pg = require('pg');
const store = new AsyncLocalStorage();

const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (...args) {
  const counter = store.getStore();
  if (counter) counter.queries++;
  return query.apply(this, args);
};

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, request, response, ...rest) {
  if (event !== 'request') return emit.call(this, event, request, response, ...rest);
  const counter = { queries: 0 };
  const writeHead = response.writeHead;
  response.writeHead = function (...args) {
    if (!response.headersSent) response.setHeader('X-Bench-Sql', String(counter.queries));
    return writeHead.apply(this, args);
  };
  return store.run(counter, () => emit.call(this, event, request, response, ...rest));
};
