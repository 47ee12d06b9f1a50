// What the staff console reads besides the rows: the review SLA on the staff list, and the link
// to an integration's workflow in the Temporal UI (TEMPORAL_UI_URL, defaulted outside production).
import { loadConfig } from '../../lib/config';
import { staffListOf, staffListSchema } from '../../api/staff-list';
import { temporalWorkflowUrl } from '../../api/temporal-ui';

describe('the Temporal UI link', () => {
  it('defaults to the dev server UI on TEMPORAL_UI_PORT outside production', () => {
    expect(loadConfig({}).temporal.uiUrl).toBe('http://127.0.0.1:8233');
    expect(loadConfig({ TEMPORAL_UI_PORT: '9233' }).temporal.uiUrl).toBe('http://127.0.0.1:9233');
  });

  it('takes TEMPORAL_UI_URL as given, without its trailing slash', () => {
    expect(loadConfig({ TEMPORAL_UI_URL: 'https://cloud.temporal.io/' }).temporal.uiUrl).toBe('https://cloud.temporal.io');
  });

  it('links to the onboarding workflow in the namespace', () => {
    expect(temporalWorkflowUrl({ uiUrl: 'http://127.0.0.1:8233', namespace: 'default' }, 'p 1')).toBe(
      'http://127.0.0.1:8233/namespaces/default/workflows/onboarding-p%201',
    );
  });

  it('gives no link when no UI is configured', () => {
    expect(temporalWorkflowUrl({ uiUrl: null, namespace: 'default' }, 'p1')).toBeNull();
  });
});

describe('the staff list', () => {
  it('carries the review SLA in seconds, and each waiting time', () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    const list = staffListOf(
      {
        rows: [
          {
            id: '00000000-0000-4000-8000-000000000001',
            partnerId: 'p1',
            partnerName: 'Cool Air',
            tenantId: '1001',
            contactEmail: 'ops@example.com',
            status: 'AWAITING_REVIEW',
            statusChangedAt: new Date('2026-12-06T10:00:00Z'),
            createdAt: new Date('2026-12-06T10:00:00Z'),
            tenantConflict: false,
            sharedTenantAllowedBy: null,
            sharedTenantAllowedAt: null,
            children: null,
            otherPartners: null,
          },
        ],
        next: null,
      },
      now,
      24 * 3600_000,
    );
    expect(list.reviewSlaSeconds).toBe(86_400);
    expect(list.integrations[0]?.waitingSeconds).toBe(26 * 3600);
    expect(staffListSchema.safeParse(list).success).toBe(true);
  });
});
