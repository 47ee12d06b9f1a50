import { FaultInjector } from '../../../../servicetitan/sandbox/faults';
import { SlidingWindowLimiter } from '../../../../servicetitan/sandbox/rate-limit';

describe('sandbox rate limit', () => {
  it('allows 60 in any second and says when the next one may come', () => {
    const limiter = new SlidingWindowLimiter(60, 1000);
    for (let i = 0; i < 60; i += 1) expect(limiter.hit('app:1', 1000 + i * 10).allowed).toBe(true);
    expect(limiter.hit('app:1', 1700)).toEqual({ allowed: false, retryAfterMs: 300 });
    expect(limiter.hit('app:2', 1700).allowed).toBe(true);
    expect(limiter.hit('app:1', 2000).allowed).toBe(true);
  });
});

describe('sandbox fault injection', () => {
  const request = { method: 'GET', path: '/crm/v2/tenant/1/locations/5', operationId: 'Locations_Get', tenantId: 1 };

  it('applies a rule the given number of times', () => {
    const faults = new FaultInjector();
    faults.addRule({ operationId: 'Locations_Get', status: 503, times: 2 });
    expect([1, 2, 3].map(() => faults.decide(request, true).status)).toEqual([503, 503, undefined]);
    expect(faults.describe().rules[0]?.applied).toBe(2);
  });

  it('matches rules by path prefix, method and tenant', () => {
    const faults = new FaultInjector();
    faults.addRule({ pathPrefix: '/crm/v2/tenant/1/', method: 'post', status: 500 });
    faults.addRule({ tenantId: 2, reset: true });
    expect(faults.decide(request, true).status).toBeUndefined();
    expect(faults.decide({ ...request, method: 'POST' }, true).status).toBe(500);
    expect(faults.decide({ ...request, tenantId: 2 }, true).reset).toBe(true);
  });

  it('draws the same random errors on every run', () => {
    const run = () => {
      const faults = new FaultInjector(42);
      faults.configure({ errorRate: 0.3, errorStatus: 502 });
      return Array.from({ length: 200 }, () => faults.decide(request, true).status ?? 200);
    };
    const first = run();
    expect(run()).toEqual(first);
    const errors = first.filter((s) => s === 502).length;
    expect(errors).toBeGreaterThan(40);
    expect(errors).toBeLessThan(80);
  });
});
