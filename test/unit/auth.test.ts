// Bearer JWT auth over real HTTP: a tiny express app with the middleware on a random port, and,
// for JWKS mode, a second app serving a JWKS with a freshly generated ES256 key.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { GenerateKeyPairResult } from 'jose' with { 'resolution-mode': 'import' };
import { authenticate, issueToken, principal, requirePartnerAccess, requireStaff, type AuthOptions } from '../../api/auth';
import { errorHandler } from '../../api/errors';

const SECRET = 'unit-test-jwt-secret-0123456789abcdef';

interface Running {
  url: string;
  close(): Promise<void>;
}

async function listen(app: Express): Promise<Running> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function protectedApp(options: AuthOptions): Express {
  const app = express();
  const auth = authenticate(options);
  app.get('/v1/partners/:partnerId/thing', auth, requirePartnerAccess, (req, res) => {
    res.json(principal(req));
  });
  app.get('/v1/staff/thing', auth, requireStaff, (req, res) => {
    res.json(principal(req));
  });
  // How the API mounts its partner routers: the check runs on the mount path's :partnerId.
  const partnerRouter = express.Router();
  partnerRouter.get('/', (req, res) => {
    res.json(principal(req));
  });
  app.use('/v1/partners/:partnerId/mounted', auth, requirePartnerAccess, partnerRouter);
  app.use(errorHandler);
  return app;
}

async function get(base: string, path: string, token?: string, authorization = token && `Bearer ${token}`) {
  const res = await fetch(`${base}${path}`, { headers: authorization ? { authorization } : {} });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON, walked by the assertions
  const body = (await res.json()) as any;
  return { status: res.status, challenge: res.headers.get('www-authenticate'), body };
}

describe('HS256 bearer tokens', () => {
  let api: Running;
  beforeAll(async () => {
    api = await listen(protectedApp({ jwtSecret: SECRET }));
  });
  afterAll(() => api.close());

  it('lets a partner reach its own partner id, and tells the handler who it is', async () => {
    const token = await issueToken({ sub: 'owner@acme.example', role: 'partner', partnerId: 'acme' }, SECRET);
    const res = await get(api.url, '/v1/partners/acme/thing', token);
    expect(res).toMatchObject({ status: 200, body: { sub: 'owner@acme.example', role: 'partner', partnerId: 'acme' } });
  });

  it('answers 401 with a Bearer challenge when the token is missing or not a bearer token', async () => {
    const missing = await get(api.url, '/v1/partners/acme/thing');
    expect(missing.status).toBe(401);
    expect(missing.challenge).toBe('Bearer realm="smartac"');
    expect(missing.body).toEqual({ error: { code: 'unauthenticated', message: 'a bearer token or a session is required' } });

    const basic = await get(api.url, '/v1/partners/acme/thing', undefined, 'Basic YWxpY2U6c2VjcmV0');
    expect(basic.status).toBe(401);
    expect(basic.challenge).toBe('Bearer realm="smartac", error="invalid_request"');
  });

  it('refuses a token signed with another secret, without echoing it', async () => {
    const forged = await issueToken({ sub: 'mallory', role: 'staff' }, 'some-other-secret-0123456789abcdefgh');
    const res = await get(api.url, '/v1/staff/thing', forged);
    expect(res.status).toBe(401);
    expect(res.challenge).toBe('Bearer realm="smartac", error="invalid_token"');
    expect(res.body.error).toEqual({ code: 'unauthenticated', message: 'the token is invalid' });
    expect(JSON.stringify(res.body)).not.toContain(forged);
  });

  it('refuses an expired token', async () => {
    const expired = await issueToken({ sub: 'alice@smartac.com', role: 'staff' }, SECRET, '-1h');
    const res = await get(api.url, '/v1/staff/thing', expired);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('the token has expired');
  });

  it('refuses unsigned tokens and garbage', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ sub: 'mallory', role: 'staff', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    expect((await get(api.url, '/v1/staff/thing', `${header}.${payload}.`)).status).toBe(401);
    expect((await get(api.url, '/v1/staff/thing', 'not-a-jwt')).status).toBe(401);
  });

  it('refuses a validly signed token whose claims are incomplete (a partner token without partnerId)', async () => {
    const { SignJWT } = await import('jose');
    const token = await new SignJWT({ role: 'partner' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    const res = await get(api.url, '/v1/partners/acme/thing', token);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('the token lacks a valid sub, role or partnerId');
  });

  it('refuses a validly signed token without an expiry', async () => {
    const { SignJWT } = await import('jose');
    const forever = await new SignJWT({ role: 'staff' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice@smartac.com')
      .setIssuedAt()
      .sign(new TextEncoder().encode(SECRET));
    const res = await get(api.url, '/v1/staff/thing', forever);
    expect(res.status).toBe(401);
    expect(res.challenge).toBe('Bearer realm="smartac", error="invalid_token"');
    expect(res.body.error.message).toBe('the token must carry an expiry (exp)');
  });

  it('refuses an HS256 token that lives longer than the maximum (12 h by default)', async () => {
    const { SignJWT } = await import('jose');
    const key = new TextEncoder().encode(SECRET);
    const week = await issueToken({ sub: 'alice@smartac.com', role: 'staff' }, SECRET, '7d');
    expect(await get(api.url, '/v1/staff/thing', week)).toMatchObject({
      status: 401,
      body: { error: { message: 'the token lives longer than the 43200 seconds allowed' } },
    });
    // Without iat, the lifetime counts from now.
    const noIat = await new SignJWT({ role: 'staff' }).setProtectedHeader({ alg: 'HS256' }).setSubject('alice@smartac.com').setExpirationTime('13h').sign(key);
    expect((await get(api.url, '/v1/staff/thing', noIat)).status).toBe(401);
    // An iat in the future does not make a far expiry look short.
    const now = Math.floor(Date.now() / 1000);
    const futureIat = await new SignJWT({ role: 'staff', iat: now + 30 * 86400 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice@smartac.com')
      .setExpirationTime(now + 30 * 86400 + 60)
      .sign(key);
    expect((await get(api.url, '/v1/staff/thing', futureIat)).status).toBe(401);
  });

  it('accepts tokens up to the maximum lifetime, with or without iat', async () => {
    const { SignJWT } = await import('jose');
    const twelveHours = await issueToken({ sub: 'alice@smartac.com', role: 'staff' }, SECRET, '12h');
    expect((await get(api.url, '/v1/staff/thing', twelveHours)).status).toBe(200);
    const noIat = await new SignJWT({ role: 'staff' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice@smartac.com')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(SECRET));
    expect((await get(api.url, '/v1/staff/thing', noIat)).status).toBe(200);
  });

  it("answers 403 when a partner reaches another partner's id", async () => {
    const token = await issueToken({ sub: 'owner@acme.example', role: 'partner', partnerId: 'acme' }, SECRET);
    const res = await get(api.url, '/v1/partners/coolair/thing', token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect((await get(api.url, '/v1/partners/coolair/mounted', token)).status).toBe(403);
    expect((await get(api.url, '/v1/partners/acme/mounted', token)).status).toBe(200);
  });

  it('answers 403 on a staff-only route for a partner token, and lets staff through everywhere', async () => {
    const partner = await issueToken({ sub: 'owner@acme.example', role: 'partner', partnerId: 'acme' }, SECRET);
    expect((await get(api.url, '/v1/staff/thing', partner)).body.error.code).toBe('forbidden');

    const staff = await issueToken({ sub: 'alice@smartac.com', role: 'staff' }, SECRET);
    expect(await get(api.url, '/v1/staff/thing', staff)).toMatchObject({ status: 200, body: { sub: 'alice@smartac.com', role: 'staff' } });
    expect((await get(api.url, '/v1/partners/coolair/thing', staff)).status).toBe(200);
  });

  it('does not issue a partner token without a valid partner id', async () => {
    await expect(issueToken({ sub: 'x', role: 'partner' } as never, SECRET)).rejects.toThrow();
    await expect(issueToken({ sub: 'x', role: 'partner', partnerId: '../other' }, SECRET)).rejects.toThrow();
  });
});

describe('issuer and audience', () => {
  let api: Running;
  beforeAll(async () => {
    api = await listen(protectedApp({ jwtSecret: SECRET, issuer: 'https://auth.smartac.com', audience: 'smartac-servicetitan' }));
  });
  afterAll(() => api.close());

  it('are enforced when configured', async () => {
    const right = await issueToken({ sub: 'alice@smartac.com', role: 'staff' }, SECRET, '5m', {
      issuer: 'https://auth.smartac.com',
      audience: 'smartac-servicetitan',
    });
    const wrongAudience = await issueToken({ sub: 'alice@smartac.com', role: 'staff' }, SECRET, '5m', {
      issuer: 'https://auth.smartac.com',
      audience: 'another-api',
    });
    const none = await issueToken({ sub: 'alice@smartac.com', role: 'staff' }, SECRET);
    expect((await get(api.url, '/v1/staff/thing', right)).status).toBe(200);
    expect((await get(api.url, '/v1/staff/thing', wrongAudience)).status).toBe(401);
    expect((await get(api.url, '/v1/staff/thing', none)).status).toBe(401);
  });
});

describe('a configured maximum token lifetime', () => {
  let api: Running;
  beforeAll(async () => {
    api = await listen(protectedApp({ jwtSecret: SECRET, maxTokenLifetimeSeconds: 600 }));
  });
  afterAll(() => api.close());

  it('bounds HS256 tokens to it', async () => {
    const claims = { sub: 'alice@smartac.com', role: 'staff' } as const;
    expect((await get(api.url, '/v1/staff/thing', await issueToken(claims, SECRET, '10m'))).status).toBe(200);
    expect((await get(api.url, '/v1/staff/thing', await issueToken(claims, SECRET, '1h'))).status).toBe(401);
  });
});

describe('JWKS mode', () => {
  const KID = 'idp-key-1';
  let idp: Running;
  let api: Running;
  let signWithIdp: (claims: Record<string, unknown>, key?: GenerateKeyPairResult['privateKey']) => Promise<string>;
  let idpKey: GenerateKeyPairResult['privateKey'];

  beforeAll(async () => {
    const { SignJWT, exportJWK, generateKeyPair } = await import('jose');
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    idpKey = privateKey;
    const jwk = { ...(await exportJWK(publicKey)), kid: KID, alg: 'ES256', use: 'sig' };
    const jwksApp = express();
    jwksApp.get('/.well-known/jwks.json', (_req, res) => {
      res.json({ keys: [jwk] });
    });
    idp = await listen(jwksApp);
    api = await listen(protectedApp({ jwtSecret: SECRET, jwksUrl: `${idp.url}/.well-known/jwks.json`, issuer: 'https://idp.example' }));
    signWithIdp = ({ sub, ...claims }, key = privateKey) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: KID })
        .setSubject(String(sub))
        .setIssuer('https://idp.example')
        .setExpirationTime('5m')
        .sign(key);
  });
  afterAll(async () => {
    await api?.close();
    await idp?.close();
  });

  it("accepts tokens signed by the identity provider's key", async () => {
    const token = await signWithIdp({ sub: 'alice@smartac.com', role: 'staff' });
    expect(await get(api.url, '/v1/staff/thing', token)).toMatchObject({ status: 200, body: { sub: 'alice@smartac.com', role: 'staff' } });
  });

  it('refuses an identity provider token without an expiry, and takes long-lived ones (the provider sets their lifetime)', async () => {
    const { SignJWT } = await import('jose');
    const forever = await new SignJWT({ role: 'staff' })
      .setProtectedHeader({ alg: 'ES256', kid: KID })
      .setSubject('alice@smartac.com')
      .setIssuer('https://idp.example')
      .sign(idpKey);
    expect(await get(api.url, '/v1/staff/thing', forever)).toMatchObject({ status: 401, body: { error: { message: 'the token must carry an expiry (exp)' } } });
    const day = await new SignJWT({ role: 'staff' })
      .setProtectedHeader({ alg: 'ES256', kid: KID })
      .setSubject('alice@smartac.com')
      .setIssuer('https://idp.example')
      .setIssuedAt()
      .setExpirationTime('24h')
      .sign(idpKey);
    expect((await get(api.url, '/v1/staff/thing', day)).status).toBe(200);
  });

  it('refuses a token signed by another key under the same kid', async () => {
    const { generateKeyPair } = await import('jose');
    const impostor = await generateKeyPair('ES256');
    const token = await signWithIdp({ sub: 'mallory', role: 'staff' }, impostor.privateKey);
    expect((await get(api.url, '/v1/staff/thing', token)).status).toBe(401);
  });

  it('refuses HS256 tokens, even ones signed with the configured shared secret', async () => {
    const token = await issueToken({ sub: 'alice@smartac.com', role: 'staff' }, SECRET, '5m', { issuer: 'https://idp.example' });
    expect((await get(api.url, '/v1/staff/thing', token)).status).toBe(401);
  });

  it('answers 503, not 401, when the JWKS cannot be fetched', async () => {
    const unreachable = await listen(express());
    const jwksUrl = `${unreachable.url}/jwks.json`;
    await unreachable.close();
    const offline = await listen(protectedApp({ jwtSecret: SECRET, jwksUrl }));
    try {
      const res = await get(offline.url, '/v1/staff/thing', await signWithIdp({ sub: 'alice@smartac.com', role: 'staff' }));
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('auth_unavailable');
    } finally {
      await offline.close();
    }
  });
});
