// The read model's derivations (api/read-model.ts, api/sync-overview.ts): what the partner's state
// and the staff list show of a live integration's sync, by the workflow's own rules.
import { childHealthsOf, withChildHealth, type ChildHealthRow } from '../../api/read-model';
import { syncOverviewOf } from '../../api/sync-overview';
import type { OnboardingState } from '../../workflows/onboarding/types';

const row = (child: string, over: Partial<ChildHealthRow> = {}): ChildHealthRow => ({
  child,
  lastRunAt: '2026-12-06T12:00:00.000+00:00',
  lastResult: 'ok',
  lastError: null,
  failedItems: 0,
  lastItemError: null,
  runs: 3,
  writes: 2,
  backlog: 0,
  ...over,
});

const state = (over: Partial<OnboardingState>): OnboardingState => ({
  partnerId: 'p-1',
  tenantId: '5550101',
  contactEmail: 'office@p-1.example',
  prerequisites: {
    maintenancePlansInDashboard: true,
    maintenancePlansInServiceTitan: true,
    comfortCreditCustomField: true,
    tagType: true,
    campaignCodes: true,
    adjustableCapacityPlanning: true,
  },
  status: 'ACTIVE',
  nextAction: '',
  startedAt: '2026-12-01T00:00:00.000Z',
  statusChangedAt: '2026-12-02T00:00:00.000Z',
  steps: {
    planMappings: { status: 'verified' },
    jobTypeMappings: { status: 'verified' },
    comfortCreditField: { status: 'verified' },
    eligibleServices: { status: 'verified' },
    tag: { status: 'verified' },
    campaign: { status: 'pending' },
    capacityScheduling: { status: 'pending' },
  },
  systemReminders: { hubOffline: true, batteryHealth: true, airFilter: true },
  ...over,
});

describe('the read model', () => {
  it('reads child rows as the health the workflow reports, ignoring children it does not know', () => {
    const healths = childHealthsOf([
      row('tagging'),
      row('comfortCredits', { lastResult: 'partial', lastError: 'location 1: refused', failedItems: 1 }),
      row('gone'),
    ]);
    expect(Object.keys(healths).sort()).toEqual(['comfortCredits', 'tagging']);
    expect(healths.tagging).toEqual({ lastRunAt: '2026-12-06T12:00:00.000Z', lastResult: 'ok', failedItems: 0, runs: 3, writes: 2, backlog: 0 });
    expect(healths.comfortCredits).toMatchObject({ lastResult: 'partial', lastError: 'location 1: refused', failedItems: 1 });
  });

  it('derives a live integration sync health with the workflow rule: partial or failed degrade it', () => {
    const ok = withChildHealth(state({}), childHealthsOf([row('tagging')]));
    expect(ok.sync).toEqual({ health: 'ok', children: { tagging: expect.objectContaining({ lastResult: 'ok', paused: false }) } });
    const degraded = withChildHealth(
      state({ sync: { health: 'ok', children: {} } }),
      childHealthsOf([row('tagging'), row('visits', { lastResult: 'failed' })]),
    );
    expect(degraded.sync?.health).toBe('degraded');
  });

  it('shows every child paused while NEEDS_ATTENTION, and a disconnected integration as the workflow recorded it', () => {
    const paused = withChildHealth(state({ status: 'NEEDS_ATTENTION' }), childHealthsOf([row('tagging'), row('memberships')]));
    expect(paused.sync?.health).toBe('paused');
    expect(Object.values(paused.sync?.children ?? {}).every((h) => h?.lastResult === 'paused')).toBe(true);
    const stopped = state({
      status: 'DISCONNECTED',
      sync: { health: 'stopped', children: { tagging: { runs: 1, writes: 0, backlog: 0, lastResult: 'stopped' } } },
    });
    expect(withChildHealth(stopped, childHealthsOf([row('tagging')]))).toBe(stopped);
  });

  it('gives the staff list the latest error among the children that are not ok', () => {
    const overview = syncOverviewOf(
      'ACTIVE',
      childHealthsOf([
        row('tagging', { lastResult: 'failed', lastError: 'older', lastRunAt: '2026-12-06T11:00:00.000Z' }),
        row('visits', { lastResult: 'partial', lastError: 'newer', failedItems: 2 }),
      ]),
    );
    expect(overview).toMatchObject({ health: 'degraded', failedItems: 2, lastError: { child: 'visits', message: 'newer' } });
  });
});
