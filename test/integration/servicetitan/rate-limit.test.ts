// ServiceTitan allows 60 requests per second per app per tenant. 500 calls as fast as the client
// lets them go must never draw a 429 from the (strict, sliding-window) sandbox.
import { RateLimitedError, TokenBucketRateLimiter } from '../../../servicetitan/client';
import { startSandbox } from '../../../servicetitan/sandbox/server';
import { SEED_TENANT_IDS } from '../../../servicetitan/sandbox/seed/credentials';
import { admin, sandboxClient } from './support/sandbox-client';

const HVAC = SEED_TENANT_IDS.hvac;

describe('client-side rate limiting', () => {
  it('makes 500 calls to one tenant without a single 429', async () => {
    const sandbox = await startSandbox();
    try {
      const rateLimiter = new TokenBucketRateLimiter();
      // Several clients (activities) in one process share the limiter.
      const clients = [0, 1, 2, 3].map(() => sandboxClient(sandbox, HVAC, { rateLimiter, maxRetries: 0 }));
      await Promise.all(Array.from({ length: 500 }, (_, i) => clients[i % clients.length]?.listTagTypes({ pageSize: 1 }).page()));
      expect(await admin(sandbox).stats()).toEqual([{ key: `${HVAC} SmartAC.com`, requests: 500, throttled: 0 }]);
    } finally {
      await sandbox.close();
    }
  });

  it('is what keeps the sandbox from throttling (without it, the 61st call in a second fails)', async () => {
    // A frozen sandbox clock puts every call in the same second, whatever the machine's speed.
    const sandbox = await startSandbox({ clock: () => Date.parse('2025-06-02T15:30:00Z') });
    try {
      const unlimited = { acquire: async () => undefined, penalize: async () => undefined };
      const client = sandboxClient(sandbox, HVAC, { rateLimiter: unlimited, maxRetries: 0 });
      const outcomes = await Promise.allSettled(Array.from({ length: 70 }, () => client.listTagTypes({ pageSize: 1 }).page()));
      const throttled = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof RateLimitedError);
      expect(throttled).toHaveLength(10);
    } finally {
      await sandbox.close();
    }
  });
});
