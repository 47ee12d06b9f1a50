// Onboardings by status, counted in the read model (integrations, one row per partner) when
// scraped: one grouped count over the status index, kept a few seconds so several scrapers (or
// API replicas scraped together) do not each run it.
import { IntegrationStatus } from '../../prisma/generated/client';
import type { Db } from '../../lib/db/client';
import { gaugeText } from './text-format';

const CACHE_MS = 5_000;

export class OnboardingsByStatus {
  private cached: { at: number; lines: Promise<string[]> } | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  render(): Promise<string[]> {
    const at = this.now();
    if (!this.cached || at - this.cached.at >= CACHE_MS) {
      const lines = this.count();
      this.cached = { at, lines };
      // A failed count is not kept: the next scrape asks again.
      lines.catch(() => {
        if (this.cached?.lines === lines) this.cached = undefined;
      });
    }
    return this.cached.lines;
  }

  private async count(): Promise<string[]> {
    const rows = await this.db.integration.groupBy({ by: ['status'], _count: { _all: true } });
    const counts = new Map(rows.map((r) => [r.status, r._count._all]));
    // Every status, zeros included, so a status that empties reads 0 rather than vanishing.
    return gaugeText(
      'smartac_onboardings',
      'Onboardings (integrations) in the read model, by status.',
      Object.values(IntegrationStatus).map((status) => ({ labels: { status }, value: counts.get(status) ?? 0 })),
    );
  }
}
