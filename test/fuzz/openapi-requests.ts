import fc from 'fast-check';
import { anyJson, boundaryNumber, EXTRA_KEYS, headerText, nastyString, percentEncode, rawBody, rawUrlPiece, RawJson, toJson, wrong } from './arbitraries.js';
import type { RawRequest } from './raw-http.js';

/** The part of an OpenAPI 3 document the fuzzer reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** One route of the document: `POST /api/v1/groups/{id}/files`. */
export interface Route {
  method: string;
  path: string;
  operation: Operation;
}

export function routesOf(document: OpenApiDocument): Route[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

/** Real values of the seeded world, by the name of the field or parameter they fit. */
export interface Pools {
  /** every id of the world: users, groups, threads, messages, blogs, files, contributions, sites */
  ids: string[];
  userIds: string[];
  slugs: string[];
  tokens: string[];
  emails: string[];
  /** the real values of a path parameter by the collection it follows: `groups` for /groups/{id} */
  byResource: Record<string, string[]>;
}

/** The callers: their Authorization header (none for anonymous). */
export type Actors = Record<string, Record<string, string>>;

/** The arbitrary's value once in `oneIn` draws, else undefined. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
}

export class RequestArbitraries {
  constructor(
    private readonly document: OpenApiDocument,
    private readonly pools: Pools,
    private readonly actors: Actors,
  ) {}

  private resolve(schema: Schema | undefined): Schema {
    let current = schema ?? {};
    for (let hops = 0; current.$ref && hops < 10; hops++) {
      current = this.document.components?.schemas?.[current.$ref.replace('#/components/schemas/', '')] ?? {};
    }
    // A DTO that extends another is the union of its parts.
    if (current.allOf?.length) {
      const parts = current.allOf.map((part) => this.resolve(part));
      return {
        type: 'object',
        properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})) as Record<string, Schema>,
        required: parts.flatMap((part) => part.required ?? []),
      };
    }
    return current;
  }

  /** A real value when the name says what it is, else undefined. */
  private realFor(name: string): fc.Arbitrary<string> | undefined {
    const pick = (values: string[]) => (values.length > 0 ? fc.constantFrom(...values) : undefined);
    if (/^(userId|ownerId|memberId)$/i.test(name)) return pick(this.pools.userIds);
    if (/(^id$|Id$|^ids$)/.test(name)) return pick(this.pools.ids);
    if (/slug|site|congress/i.test(name)) return pick(this.pools.slugs);
    if (/token/i.test(name)) return pick(this.pools.tokens);
    // A cursor of the list's form (base64url JSON of a keyset) with odd parts, so that its checks are what refuses it.
    if (name === 'cursor') return fc.array(fc.oneof(anyJson, fc.constantFrom(...this.pools.ids, '2026-02-30T25:00:00Z', '1', 'Tue')), { maxLength: 4 }).map((parts) => Buffer.from(toJson(parts)).toString('base64url'));
    if (/email/i.test(name)) return pick(this.pools.emails);
    return undefined;
  }

  /**
   * A value the schema accepts, often; a value at its bounds, sometimes. Strict: only what
   * the schema accepts (and fields with valid values), for the cases that should get past
   * validation into the services and SQL.
   */
  valid(schemaIn: Schema | undefined, name: string, depth = 0, strict = false): fc.Arbitrary<unknown> {
    const schema = this.resolve(schemaIn);
    if (schema.enum?.length) return fc.constantFrom(...schema.enum);
    const type = schema.type ?? (schema.properties ? 'object' : undefined);
    switch (type) {
      case 'string': {
        const options: fc.Arbitrary<string>[] = [];
        const real = this.realFor(name);
        if (real) options.push(real);
        if (schema.format === 'uuid') options.push(fc.uuid());
        if (schema.format === 'email' || /email/i.test(name)) options.push(fc.emailAddress());
        if (/password/i.test(name)) options.push(fc.constant('correct horse battery'));
        if (/timezone/i.test(name)) options.push(fc.constantFrom('Europe/Amsterdam', 'UTC', 'Mars/Olympus', 'Etc/GMT+14'));
        if (schema.pattern) options.push(fc.stringMatching(new RegExp(schema.pattern)).filter((text) => text.length <= 200));
        // A field with a form of its own (an id, an address, a pattern) gets only that form when strict.
        if (strict && options.length > 0) return fc.oneof(...options);
        const min = schema.minLength ?? 0;
        const max = Math.min(schema.maxLength ?? 60, 60);
        const fits = (text: string) => text.length >= min && text.length <= (schema.maxLength ?? 100_000);
        options.push(fc.string({ minLength: Math.min(min, max), maxLength: max }), fc.string({ unit: 'binary', minLength: Math.min(min, max), maxLength: max }));
        // Odd text that still fits the schema's length: past validation, into the services and SQL.
        options.push(nastyString.filter(fits));
        if (schema.maxLength !== undefined) options.push(fc.constantFrom('é'.repeat(schema.maxLength), ...(strict ? [] : ['y'.repeat(schema.maxLength + 1)])));
        return fc.oneof(...options);
      }
      case 'number':
      case 'integer': {
        const min = schema.minimum ?? -1000;
        const max = schema.maximum ?? 1000;
        return fc.oneof(fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) }), fc.constantFrom(min, max, ...(strict ? [] : [min - 1, max + 1])));
      }
      case 'boolean':
        return fc.boolean();
      case 'array':
        if (depth > 4) return fc.constant([]);
        return fc.array(this.valid(schema.items, name, depth + 1, strict), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
      case 'object': {
        if (depth > 4) return fc.constant({});
        const properties = schema.properties ?? {};
        const fields = Object.fromEntries(
          Object.entries(properties).map(([key, property]) => [key, strict ? this.valid(property, key, depth + 1, true) : this.field(property, key, depth + 1)]),
        );
        return fc.record(fields, { requiredKeys: (schema.required ?? []).filter((key) => key in fields) });
      }
      default:
        return anyJson;
    }
  }

  /** A field's value: valid mostly, so that requests get past validation; wrong now and then. */
  private field(schema: Schema, name: string, depth: number): fc.Arbitrary<unknown> {
    const valid = this.valid(schema, name, depth);
    return fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: wrong(valid) });
  }

  /** A JSON body for a schema: the schema's object with extra keys now and then, or anything else. */
  private jsonBody(schema: Schema | undefined): fc.Arbitrary<string> {
    const object = this.valid(schema, 'body');
    const withExtras = fc
      .tuple(object, fc.dictionary(fc.constantFrom(...EXTRA_KEYS), anyJson, { maxKeys: 2 }))
      .map(([value, extras]) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...extras, ...value } : value));
    return fc.oneof(
      { weight: 8, arbitrary: object.map(toJson) },
      { weight: 2, arbitrary: withExtras.map(toJson) },
      { weight: 2, arbitrary: anyJson.map(toJson) },
      { weight: 1, arbitrary: rawBody },
    );
  }

  /** The real values for a path parameter: by the collection before it (/blogs/{id}), else by its name. */
  private realInPath(route: Route, name: string): fc.Arbitrary<string> | undefined {
    const collection = new RegExp(`/([a-z-]+)/\\{${name}\\}`).exec(route.path)?.[1];
    const values = (name === 'id' || name === 'slug' || name === 'token' ? this.pools.byResource[collection ?? ''] : this.pools.byResource[name]) ?? [];
    return values.length > 0 ? fc.constantFrom(...values) : this.realFor(name);
  }

  private pathValue(route: Route, name: string, strict: boolean): fc.Arbitrary<string> {
    const real = this.realInPath(route, name);
    if (strict) return real ?? fc.uuid();
    const options: fc.Arbitrary<string>[] = [fc.uuid(), nastyString.map(percentEncode).filter((text) => text.length < 6_000), rawUrlPiece];
    // Real ids most of the time: that is where the routes do their work.
    return real ? fc.oneof({ weight: 4, arbitrary: real }, ...options.map((arbitrary) => ({ weight: 1, arbitrary }))) : fc.oneof(...options);
  }

  private queryValue(parameter: Parameter): fc.Arbitrary<string[]> {
    const schema = this.resolve(parameter.schema);
    const asText = (value: unknown): string => (value instanceof RawJson ? value.text : typeof value === 'string' ? value : toJson(value));
    const one = fc.oneof(
      { weight: 4, arbitrary: this.valid(schema.type === 'array' ? schema.items : schema, parameter.name).map((value) => percentEncode(asText(value))) },
      { weight: 1, arbitrary: fc.oneof(nastyString, boundaryNumber.map(asText)).map(percentEncode) },
      { weight: 1, arbitrary: rawUrlPiece },
    ).filter((text) => text.length < 4_000);
    // A parameter may come once, repeated, or with brackets (qs-style arrays and objects).
    return fc.oneof(
      { weight: 8, arbitrary: one.map((value) => [value]) },
      { weight: 1, arbitrary: fc.array(one.filter((text) => text.length < 500), { minLength: 2, maxLength: 5 }) },
      { weight: 1, arbitrary: fc.constant(Array.from({ length: 25 }, (_, i) => `v${i}`)) },
    );
  }

  /** A query of declared parameters with valid values only. */
  private strictQuery(route: Route): fc.Arbitrary<string> {
    const declared = (route.operation.parameters ?? []).filter((parameter) => parameter.in === 'query');
    const asText = (value: unknown): string => (typeof value === 'string' ? value : toJson(value));
    const pairs = declared.map((parameter) => {
      const schema = this.resolve(parameter.schema);
      const values = schema.type === 'array' ? fc.array(this.valid(schema.items, parameter.name, 0, true), { minLength: 1, maxLength: 3 }) : this.valid(schema, parameter.name, 0, true).map((value) => [value]);
      return sometimes(values.map((list) => list.map((value) => `${parameter.name}=${percentEncode(asText(value))}`).join('&')), 2);
    });
    return fc.tuple(...pairs).map((chosen) => {
      const parts = chosen.filter((part): part is string => part !== undefined);
      return parts.length > 0 ? `?${parts.join('&')}` : '';
    });
  }

  private query(route: Route): fc.Arbitrary<string> {
    const declared = (route.operation.parameters ?? []).filter((parameter) => parameter.in === 'query');
    const pairs = declared.map((parameter) =>
      fc.option(
        fc.tuple(fc.constantFrom(parameter.name, `${parameter.name}[]`, `${parameter.name}[a]`, `${parameter.name}[__proto__]`), this.queryValue(parameter)),
        { freq: 2, nil: undefined },
      ),
    );
    const extra = sometimes(
      fc.tuple(fc.constantFrom(...EXTRA_KEYS.map(percentEncode), 'a[b][c][d][e][f][g]', '%ZZ'), fc.array(nastyString.map(percentEncode), { minLength: 1, maxLength: 2 })),
      6,
    );
    return fc.tuple(fc.tuple(...pairs), extra).map(([chosen, extraPair]) => {
      const parts = [...chosen, extraPair]
        .filter((pair): pair is [string, string[]] => pair !== undefined)
        .flatMap(([name, values]) => values.map((value) => `${name}=${value}`));
      return parts.length > 0 ? `?${parts.join('&')}` : '';
    });
  }

  private headers(contentType: string | undefined): fc.Arbitrary<Record<string, string>> {
    const optional = (arbitrary: fc.Arbitrary<string>) => sometimes(arbitrary, 10);
    return fc
      .record({
        'Content-Type': optional(
          fc.oneof(
            fc.constantFrom(
              'text/plain',
              'application/xml',
              'application/json; charset=utf-16',
              'application/json; charset=latin1',
              'application/json; charset=nope',
              'multipart/form-data',
              'multipart/form-data; boundary=',
              'multipart/form-data; boundary=x',
              'application/x-www-form-urlencoded',
              'application/vnd.api+json',
              'application/json;;;',
              '',
            ),
            headerText,
          ),
        ),
        'Content-Encoding': optional(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'zstd', 'x-nope')),
        Accept: optional(fc.oneof(fc.constantFrom('text/html', 'application/xml', '*/*;q=0', 'image/png', 'application/json;q=0'), headerText)),
        'Accept-Language': optional(fc.oneof(fc.constantFrom('en', 'nl', 'de', '*', 'en;q=abc', 'x-'.repeat(2000)), headerText)),
        Authorization: optional(
          fc.oneof(
            fc.constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'Bearer a.b.c', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', `Bearer ${'x'.repeat(8_000)}`),
            headerText.map((text) => `Bearer ${text}`),
          ),
        ),
        Cookie: optional(fc.oneof(fc.constantFrom('kp_refresh=', 'kp_refresh=x; kp_refresh=y', 'kp_refresh=%', '=; ;;', `kp_refresh=${'a'.repeat(6_000)}`), headerText)),
        Range: optional(fc.constantFrom('bytes=0-0', 'bytes=5-2', 'bytes=-0', 'bytes=0-', 'bytes=99999999999999999999-', 'bytes=0-1,3-4,0-', 'lines=1-2', 'bytes=')),
        Origin: optional(fc.constantFrom('https://evil.example', 'null', 'http://localhost:3000')),
        'If-None-Match': optional(fc.constantFrom('*', '"x"', 'W/""')),
        'X-Forwarded-For': optional(fc.constantFrom('1.2.3.4', 'garbage', '::1, 10.0.0.1', '')),
        'X-Fuzz': optional(headerText),
      })
      .map((headers) => {
        const present = Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as Record<string, string>;
        return { ...(contentType ? { 'Content-Type': contentType } : {}), ...present };
      });
  }

  private multipartBody(schema: Schema | undefined, strict = false): fc.Arbitrary<{ contentType: string; body: Buffer }> {
    const resolved = this.resolve(schema);
    const names = Object.keys(resolved.properties ?? {});
    const fileNames = names.filter((name) => {
      const property = this.resolve(resolved.properties?.[name]);
      return property.format === 'binary' || property.items?.format === 'binary';
    });
    const filename = fc.oneof(
      fc.constantFrom('notities.txt', 'slides.pdf', 'a.svg', 'logo.png', 'run.sh', '', '.', '..', '../../x', 'a"b', 'x'.repeat(600), 'é.txt', 'a\u0000b.txt', 'CON', 'a/b/c.txt'),
      nastyString,
    );
    const content = fc.oneof(
      fc.constantFrom('Hallo', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', '%PDF-1.4\n', '\x7fELF\x02\x01\x01', 'MZ\x90\x00', '\x89PNG\r\n\x1a\n', ''),
      fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      fc.constant('z'.repeat(300_000)),
    );
    const part = fc.record({
      name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names, ...fileNames) }, { weight: 1, arbitrary: nastyString }),
      filename: fc.option(filename, { freq: 2, nil: undefined }),
      type: fc.option(fc.constantFrom('text/plain', 'application/octet-stream', 'image/svg+xml', 'application/pdf', 'x/y', ''), { nil: undefined }),
      content: fc.oneof(content, nastyString),
    });
    const textFields = names.filter((name) => !fileNames.includes(name));
    const strictPart = fc.record({
      name: textFields.length > 0 ? fc.constantFrom(...textFields) : fc.constant('folder'),
      filename: fc.constant(undefined),
      type: fc.constant(undefined),
      content: fc.oneof(fc.constantFrom(...this.pools.slugs), nastyString.filter((text) => text.length < 200)),
    });
    const parts = strict ? fc.uniqueArray(strictPart, { maxLength: 1, selector: (p) => p.name }) : fc.array(part, { minLength: 0, maxLength: 4 });
    // Mostly well formed (a file part first, so that the route does its work), sometimes broken.
    const framing = strict ? fc.constant('ok') : fc.constantFrom('ok', 'ok', 'ok', 'ok', 'no-end', 'wrong-boundary', 'no-boundary', 'preamble', 'truncated');
    const fileFirst = fc.record({ name: fc.constantFrom(...(fileNames.length ? fileNames : ['file'])), filename, content });
    const first = strict ? fileFirst : fc.option(fileFirst, { freq: 5, nil: undefined });
    return fc.tuple(first, parts, framing, strict ? fc.constant('----fuzz') : fc.constantFrom('----fuzz', 'b', 'x'.repeat(70), 'a b')).map(([first, rest, frame, boundary]) => {
      const all = first ? [{ ...first, type: 'text/plain' as string | undefined }, ...rest] : rest;
      let text = frame === 'preamble' ? 'junk before the first boundary\r\n' : '';
      for (const p of all) {
        text += `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}\r\n`;
        if (p.type !== undefined) text += `Content-Type: ${p.type}\r\n`;
        text += `\r\n${p.content}\r\n`;
      }
      if (frame !== 'no-end') text += `--${boundary}--\r\n`;
      let body = Buffer.from(text, 'latin1');
      if (frame === 'truncated') body = body.subarray(0, Math.floor(body.length / 2));
      const header = frame === 'no-boundary' ? 'multipart/form-data' : `multipart/form-data; boundary=${frame === 'wrong-boundary' ? 'other' : boundary}`;
      return { contentType: header, body };
    });
  }

  private body(route: Route): fc.Arbitrary<{ contentType?: string; body?: Buffer }> {
    const content = route.operation.requestBody?.content ?? {};
    const multipart = content['multipart/form-data'];
    const json = content['application/json'];
    const asJson = (schema: Schema | undefined) => this.jsonBody(schema).map((text) => ({ contentType: 'application/json', body: Buffer.from(text, 'utf8') }));
    const options: fc.Arbitrary<{ contentType?: string; body?: Buffer }>[] = [];
    if (multipart) options.push(this.multipartBody(multipart.schema), this.multipartBody(multipart.schema));
    if (json) options.push(asJson(json.schema), asJson(json.schema), asJson(json.schema));
    // Any route gets, now and then, a body it does not expect, or none.
    options.push(
      asJson(undefined),
      fc.constant({}),
      nastyString.map((text) => ({ contentType: 'application/x-www-form-urlencoded', body: Buffer.from(`a=${percentEncode(text)}&a[b]=1&__proto__[x]=1`) })),
    );
    return fc.oneof(...options);
  }

  /** A body that the schema accepts: its object with valid fields, or well-formed multipart with the file first. */
  private strictBody(route: Route): fc.Arbitrary<{ contentType?: string; body?: Buffer }> {
    const content = route.operation.requestBody?.content ?? {};
    if (content['multipart/form-data']) return this.multipartBody(content['multipart/form-data'].schema, true);
    if (content['application/json']) {
      return this.valid(content['application/json'].schema, 'body', 0, true).map((value) => ({ contentType: 'application/json', body: Buffer.from(toJson(value), 'utf8') }));
    }
    return fc.constant({});
  }

  /**
   * A whole request to a route, as one of the actors: a third of them valid all through (so
   * that the route does its work with odd but allowed values), the rest wrong somewhere.
   */
  request(route: Route): fc.Arbitrary<{ actor: string; raw: RawRequest }> {
    return fc.oneof({ weight: 1, arbitrary: this.oneRequest(route, true) }, { weight: 2, arbitrary: this.oneRequest(route, false) });
  }

  /** A request valid all through (for the concurrent runs: the same one sent at once). */
  validRequest(route: Route): fc.Arbitrary<{ actor: string; raw: RawRequest }> {
    return this.oneRequest(route, true);
  }

  private oneRequest(route: Route, strict: boolean): fc.Arbitrary<{ actor: string; raw: RawRequest }> {
    const pathParameters = (route.operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
    const pathValues = fc.tuple(...pathParameters.map((parameter) => this.pathValue(route, parameter.name, strict)));
    return fc
      .record({
        actor: fc.constantFrom(...Object.keys(this.actors)),
        values: pathValues,
        query: strict ? this.strictQuery(route) : this.query(route),
        body: strict ? this.strictBody(route) : this.body(route),
        // Now and then another method, or the path written otherwise (a trailing or doubled slash, capitals).
        method: strict ? fc.constant(route.method) : fc.oneof({ weight: 14, arbitrary: fc.constant(route.method) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS') }),
        variant: strict ? fc.constant('as is') : fc.constantFrom('as is', 'as is', 'as is', 'as is', 'as is', 'as is', 'as is', 'as is', 'trailing slash', 'double slash', 'upper case'),
      })
      .chain(({ actor, values, query, body, method, variant }) =>
        (strict ? fc.constant<Record<string, string>>(body.contentType ? { 'Content-Type': body.contentType } : {}) : this.headers(body.contentType)).map((headers) => {
          let path = route.path;
          pathParameters.forEach((parameter, i) => (path = path.replace(`{${parameter.name}}`, values[i])));
          if (variant === 'trailing slash') path = `${path}/`;
          if (variant === 'double slash') path = path.replace('/api/v1/', '/api/v1//');
          if (variant === 'upper case') path = path.toUpperCase();
          // The actor's token unless the headers brought an odd one of their own.
          const all = { ...this.actors[actor], ...headers };
          return { actor, raw: { method, path: `${path}${query}`, headers: all, body: body.body } };
        }),
      )
      // Within what node:http reads (16 KiB of request line and headers); beyond is Node's own 431.
      .filter(({ raw }) => raw.path.length + Object.entries(raw.headers).reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0) < 14_000);
  }
}
