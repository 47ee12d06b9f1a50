// `npm run token -- --role partner --partner acme` / `--role staff --sub alice@smartac.com`:
// prints a bearer token for the local API, signed with AUTH_JWT_SECRET (lib/config.ts), with
// AUTH_ISSUER and AUTH_AUDIENCE when they are set, always with an expiry (exp) no further than
// AUTH_MAX_TOKEN_LIFETIME_SECONDS away (the API refuses longer-lived HS256 tokens). Only the
// token goes to stdout, so `TOKEN=$(npm run -s token -- ...)` works.
import { parseArgs } from 'node:util';
import { issueToken, type TokenClaims } from '../api/auth';
import { partnerIdParams } from '../api/schemas';
import { loadConfig } from '../lib/config';

const USAGE = `usage:
  node dist/scripts/token.js --role partner --partner <partnerId> [--sub <user>] [--expires 12h]
  node dist/scripts/token.js --role staff --sub <user> [--expires 12h]

  --expires   lifetime: a number followed by s, m, h, d or w (default 12h), at most
              AUTH_MAX_TOKEN_LIFETIME_SECONDS (12h unless set)`;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

export class UsageError extends Error {}

interface TokenRequest {
  claims: TokenClaims;
  expiresIn: string;
}

function readOptions(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        partner: { type: 'string' },
        sub: { type: 'string' },
        expires: { type: 'string', default: '12h' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** The token to issue, or null when only the usage was asked for. */
function parseRequest(argv: string[]): TokenRequest | null {
  const values = readOptions(argv);
  if (values.help) return null;
  const { role, partner, sub, expires } = values;
  if (!/^\d+[smhdw]$/.test(expires)) throw new UsageError(`--expires must look like 30m, 12h or 7d, not "${expires}"`);
  if (role === 'partner') {
    if (!partner) throw new UsageError('--role partner needs --partner <partnerId>');
    const parsed = partnerIdParams.safeParse({ partnerId: partner });
    if (!parsed.success) throw new UsageError(`--partner: ${parsed.error.issues[0]?.message}`);
    return { claims: { role, partnerId: partner, sub: sub ?? `local-dev@${partner}` }, expiresIn: expires };
  }
  if (role === 'staff') {
    if (partner) throw new UsageError('--partner is for partner tokens; staff tokens reach every partner');
    if (!sub) throw new UsageError('--role staff needs --sub <user>, e.g. --sub alice@smartac.com');
    return { claims: { role, sub }, expiresIn: expires };
  }
  throw new UsageError('--role must be partner or staff');
}

/** The token the command line asks for, or the usage text. */
export async function tokenFromArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const request = parseRequest(argv);
  if (!request) return USAGE;
  const { auth } = loadConfig(env);
  if (auth.jwksUrl) throw new Error('AUTH_JWKS_URL is set: the API accepts only tokens from that identity provider, not the HS256 tokens this CLI signs');
  const lifetime = Number(request.expiresIn.slice(0, -1)) * UNIT_SECONDS[request.expiresIn.slice(-1)]!;
  if (lifetime === 0) throw new UsageError('--expires must be longer than 0');
  if (lifetime > auth.maxTokenLifetimeSeconds) {
    throw new UsageError(
      `--expires ${request.expiresIn} is longer than AUTH_MAX_TOKEN_LIFETIME_SECONDS (${auth.maxTokenLifetimeSeconds} s): the API would refuse the token`,
    );
  }
  return issueToken(request.claims, auth.jwtSecret, request.expiresIn, { issuer: auth.issuer, audience: auth.audience });
}

async function main(): Promise<void> {
  console.log(await tokenFromArgs(process.argv.slice(2)));
}

if (require.main === module) {
  main().catch((err: Error) => {
    console.error(err instanceof UsageError ? `${err.message}\n\n${USAGE}` : err.message);
    process.exit(err instanceof UsageError ? 2 : 1);
  });
}
