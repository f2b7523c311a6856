import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Adapter, type AdapterPayload } from 'oidc-provider';

/** The claims an account at the test provider releases (sub is added). */
export type TestClaims = Record<string, unknown>;

/**
 * A real OpenID Connect provider (panva's oidc-provider) in this process, on a free
 * loopback port, with one confidential client for the api. Its login and consent
 * interactions are answered in code: login as the account the test picked, consent to
 * every scope asked for.
 */
/** The provider's storage, a map of this test process (its default one warns on every start). */
function memoryAdapter(): (model: string) => Adapter {
  const entries = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const live = (key: string) => {
    const entry = entries.get(key);
    return entry && entry.expiresAt > Date.now() ? entry.payload : undefined;
  };
  const findBy = (model: string, field: 'uid' | 'userCode', value: string) =>
    [...entries.keys()].map(live).find((payload) => payload?.kind === model && payload[field] === value);
  const done = () => Promise.resolve();
  return (model) => ({
    upsert: (id, payload, expiresIn) => {
      entries.set(`${model}:${id}`, { payload, expiresAt: Date.now() + expiresIn * 1000 });
      return done();
    },
    find: (id) => Promise.resolve(live(`${model}:${id}`)),
    findByUid: (uid) => Promise.resolve(findBy(model, 'uid', uid)),
    findByUserCode: (userCode) => Promise.resolve(findBy(model, 'userCode', userCode)),
    consume: (id) => {
      const payload = live(`${model}:${id}`);
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      return done();
    },
    destroy: (id) => {
      entries.delete(`${model}:${id}`);
      return done();
    },
    revokeByGrantId: (grantId) => {
      for (const [key, { payload }] of entries) if (payload.grantId === grantId) entries.delete(key);
      return done();
    },
  });
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The account the next login prompt signs in; its claims are what findAccount releases. */
  signInAs(sub: string, claims: TestClaims): void;
  /** The next interaction ends with this OAuth error (e.g. access_denied: the person declined). */
  refuseNext(error: string): void;
  close(): Promise<void>;
}

/** Starts the provider on `port` (default: a free one) for a client whose redirect URI is `redirectUri`. */
export async function startTestProvider(redirectUri: string, port = 0): Promise<TestProvider> {
  const accounts = new Map<string, TestClaims>();
  let current: string | undefined;
  let refusal: string | undefined;

  const interact = async (req: IncomingMessage, res: ServerResponse, oidc: Provider) => {
    const interaction = await oidc.interactionDetails(req, res);
    if (refusal) {
      const error = refusal;
      refusal = undefined;
      await oidc.interactionFinished(req, res, { error, error_description: 'refused in the test' }, { mergeWithLastSubmission: false });
      return;
    }
    if (interaction.prompt.name === 'login') {
      if (!current) throw new Error('the test picked no account (signInAs)');
      await oidc.interactionFinished(req, res, { login: { accountId: current } }, { mergeWithLastSubmission: false });
      return;
    }
    const accountId = interaction.session?.accountId;
    const clientId = interaction.params.client_id;
    const grant =
      (interaction.grantId ? await oidc.Grant.find(interaction.grantId) : undefined) ??
      new oidc.Grant({ accountId, clientId: typeof clientId === 'string' ? clientId : undefined });
    const missing = interaction.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    await oidc.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  };

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const clientId = 'kennisplein-test';
  const clientSecret = randomBytes(24).toString('base64url');
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    },
    findAccount: (_ctx, sub) => {
      const claims = accounts.get(sub);
      return claims ? { accountId: sub, claims: () => ({ ...claims, sub }) } : undefined;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    adapter: memoryAdapter(),
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    jwks: { keys: [{ ...signingKey, kid: 'test-signing-key', use: 'sig', alg: 'RS256' }] },
  });
  const handle = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith('/interaction/')) {
      void handle(req, res);
      return;
    }
    interact(req, res, provider).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs: (sub, claims) => {
      accounts.set(sub, claims);
      current = sub;
    },
    refuseNext: (error) => {
      refusal = error;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
