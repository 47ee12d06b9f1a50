// Fault injection for tests and benchmarks: added latency, a random error rate, and rules that
// force a status (429 with Retry-After, 5xx) or drop the connection for matching requests,
// optionally only the next N times. Randomness is seeded, so a run can be repeated.
import { SeededRandom } from './random';

export interface FaultRuleInput {
  /** Match by operationId (e.g. `Locations_Get`); `token` matches POST /connect/token. */
  operationId?: string;
  /** Match URL paths starting with this (e.g. `/crm/v2/tenant/5550101/locations`). */
  pathPrefix?: string;
  method?: string;
  tenantId?: number;
  /** Answer with this status (problem body; 429 carries Retry-After). */
  status?: number;
  retryAfterSeconds?: number;
  /** Destroy the connection without answering. */
  reset?: boolean;
  latencyMs?: number;
  /** Apply this many times, then the rule is spent. Unlimited when absent. */
  times?: number;
}

export interface FaultRule extends FaultRuleInput {
  id: number;
  /** How often the rule has applied. */
  applied: number;
}

export interface FaultSettings {
  /** Fraction (0–1) of API requests answered with `errorStatus`. */
  errorRate: number;
  errorStatus: number;
  /** Added to every API request. */
  latencyMs: number;
}

export interface FaultDecision {
  latencyMs: number;
  status?: number;
  retryAfterSeconds?: number;
  reset?: boolean;
}

export interface RequestFacts {
  method: string;
  path: string;
  operationId: string;
  tenantId?: number;
}

const DEFAULTS: FaultSettings = { errorRate: 0, errorStatus: 500, latencyMs: 0 };

export class FaultInjector {
  private settings: FaultSettings = { ...DEFAULTS };
  private rules: FaultRule[] = [];
  private nextId = 1;
  private random: SeededRandom;

  constructor(private readonly seed = 7) {
    this.random = new SeededRandom(seed);
  }

  configure(changes: Partial<FaultSettings>): FaultSettings {
    this.settings = { ...this.settings, ...changes };
    return this.settings;
  }

  addRule(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { ...input, id: this.nextId++, applied: 0 };
    this.rules.push(rule);
    return rule;
  }

  removeRule(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  describe(): FaultSettings & { rules: FaultRule[] } {
    return { ...this.settings, rules: this.rules.map((r) => ({ ...r })) };
  }

  clear(): void {
    this.settings = { ...DEFAULTS };
    this.rules = [];
    this.random = new SeededRandom(this.seed);
  }

  decide(request: RequestFacts, isApiCall: boolean): FaultDecision {
    const decision: FaultDecision = { latencyMs: isApiCall ? this.settings.latencyMs : 0 };
    for (const rule of this.rules) {
      if (!matches(rule, request) || (rule.times !== undefined && rule.applied >= rule.times)) continue;
      rule.applied += 1;
      decision.latencyMs += rule.latencyMs ?? 0;
      if (rule.reset) return { ...decision, reset: true };
      if (rule.status !== undefined)
        return { ...decision, status: rule.status, ...(rule.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: rule.retryAfterSeconds }) };
    }
    if (isApiCall && this.settings.errorRate > 0 && this.random.next() < this.settings.errorRate) return { ...decision, status: this.settings.errorStatus };
    return decision;
  }
}

function matches(rule: FaultRule, request: RequestFacts): boolean {
  return (
    (rule.operationId === undefined || rule.operationId === request.operationId) &&
    (rule.pathPrefix === undefined || request.path.startsWith(rule.pathPrefix)) &&
    (rule.method === undefined || rule.method.toUpperCase() === request.method.toUpperCase()) &&
    (rule.tenantId === undefined || rule.tenantId === request.tenantId)
  );
}
