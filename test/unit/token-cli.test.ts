// `npm run token`: every token it prints expires, within AUTH_MAX_TOKEN_LIFETIME_SECONDS.
import { tokenFromArgs } from '../../scripts/token';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp?: number; iat?: number; role: string };

describe('npm run token', () => {
  it('issues tokens that expire after 12 h by default', async () => {
    const claims = claimsOf(await tokenFromArgs(['--role', 'partner', '--partner', 'acme'], {}));
    expect(claims.role).toBe('partner');
    expect(claims.exp! - claims.iat!).toBe(12 * 3600);
  });

  it('refuses a lifetime longer than AUTH_MAX_TOKEN_LIFETIME_SECONDS, which the API would refuse too', async () => {
    await expect(tokenFromArgs(['--role', 'staff', '--sub', 'alice@smartac.com', '--expires', '13h'], {})).rejects.toThrow(
      /longer than AUTH_MAX_TOKEN_LIFETIME_SECONDS \(43200 s\)/,
    );
    await expect(tokenFromArgs(['--role', 'staff', '--sub', 'alice@smartac.com', '--expires', '0s'], {})).rejects.toThrow(/longer than 0/);
    const day = claimsOf(
      await tokenFromArgs(['--role', 'staff', '--sub', 'alice@smartac.com', '--expires', '1d'], { AUTH_MAX_TOKEN_LIFETIME_SECONDS: '86400' }),
    );
    expect(day.exp! - day.iat!).toBe(86400);
  });
});
