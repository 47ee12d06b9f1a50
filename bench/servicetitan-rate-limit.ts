// Benchmark: how close the client's rate limiting runs to ServiceTitan's 60 requests per second
// per app per tenant without drawing a 429, against the (strict, sliding-window) sandbox.
//   npm run bench:servicetitan -- [calls=500] [latencyMs=0]
// Prints figures; asserts nothing.
import { InMemoryTokenCache, ServiceTitanClient, TokenBucketRateLimiter, type RateLimiter } from '../servicetitan/client';
import { startSandbox, type RunningSandbox } from '../servicetitan/sandbox/server';
import { sandboxCredentials, SEED_TENANT_IDS, SMARTAC_APP } from '../servicetitan/sandbox/seed/credentials';

const calls = Number(process.argv[2] ?? 500);
const latencyMs = Number(process.argv[3] ?? 0);

function client(sandbox: RunningSandbox, tenantId: number, rateLimiter: RateLimiter): ServiceTitanClient {
  return new ServiceTitanClient({
    environment: 'integration',
    authBaseUrl: sandbox.url,
    apiBaseUrl: sandbox.url,
    appKey: SMARTAC_APP.appKey,
    credentials: sandboxCredentials(tenantId),
    tokenCache: new InMemoryTokenCache(),
    rateLimiter,
    maxRetries: 0,
  });
}

async function scenario(name: string, tenants: number[], perTenant: number): Promise<void> {
  const sandbox = await startSandbox();
  try {
    if (latencyMs > 0) sandbox.state.faults.configure({ latencyMs });
    const limiter = new TokenBucketRateLimiter();
    const clients = tenants.map((t) => client(sandbox, t, limiter));
    await Promise.all(clients.map((c) => c.authenticate()));
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      clients.flatMap((c) =>
        Array.from({ length: perTenant }, () =>
          c
            .listTagTypes({ pageSize: 1 })
            .page()
            .catch(() => {
              failures += 1;
            }),
        ),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const stats = [...sandbox.state.stats.values()];
    const throttled = stats.reduce((sum, s) => sum + s.throttled, 0);
    const total = tenants.length * perTenant;
    console.log(
      `${name.padEnd(34)} calls ${String(total).padStart(5)}  elapsed ${seconds.toFixed(2).padStart(6)} s  ` +
        `${(total / seconds).toFixed(1).padStart(6)} rps total  ${(perTenant / seconds).toFixed(1).padStart(5)} rps/tenant  429s ${throttled}  failed ${failures}`,
    );
  } finally {
    await sandbox.close();
  }
}

async function main(): Promise<void> {
  console.log(`ServiceTitan rate limiting (limit 60 rps per app per tenant; added latency ${latencyMs} ms)`);
  await scenario('one tenant, as fast as allowed', [SEED_TENANT_IDS.hvac], calls);
  await scenario('two tenants in parallel', [SEED_TENANT_IDS.hvac, SEED_TENANT_IDS.plumbing], Math.round(calls / 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
