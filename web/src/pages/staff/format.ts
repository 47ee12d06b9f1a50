// How the staff console words statuses, times and waits.
import type { OnboardingStatus } from '../../api/views';

/** Every status, in the order an integration moves through them (the status filter's options). */
export const STATUSES: readonly OnboardingStatus[] = [
  'AWAITING_REVIEW',
  'AWAITING_CREDENTIALS',
  'CONFIGURING',
  'ACTIVE',
  'NEEDS_ATTENTION',
  'REJECTED',
  'EXPIRED',
  'DISCONNECTED',
];

export const STATUS_WORDS: Record<OnboardingStatus, string> = {
  AWAITING_REVIEW: 'Waiting for review',
  AWAITING_CREDENTIALS: 'Approved, waiting for credentials',
  CONFIGURING: 'Configuring',
  ACTIVE: 'Live',
  NEEDS_ATTENTION: 'Needs attention',
  REJECTED: 'Rejected',
  EXPIRED: 'Expired',
  DISCONNECTED: 'Disconnected',
};

export const STATUS_TONE: Record<OnboardingStatus, string> = {
  AWAITING_REVIEW: 'warn',
  AWAITING_CREDENTIALS: '',
  CONFIGURING: '',
  ACTIVE: 'ok',
  NEEDS_ATTENTION: 'bad',
  REJECTED: '',
  EXPIRED: '',
  DISCONNECTED: '',
};

export const when = (iso?: string | null): string => (iso ? new Date(iso).toLocaleString() : '—');

/** A wait in days, hours and minutes, e.g. "1 d 3 h" or "12 min" (the two largest units). */
export function duration(seconds: number): string {
  if (seconds < 60) return 'under a minute';
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor((seconds % 86_400) / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'min'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}

/** The path of an integration's page in the console. */
export const integrationPath = (partnerId: string): string => `/staff/integrations/${encodeURIComponent(partnerId)}`;

/** The words for a status given as text (e.g. another partner's, as the list reports it). */
export function statusText(status: string): string {
  const known = STATUSES.find((s) => s === status);
  return known ? STATUS_WORDS[known] : status;
}

/** The review SLA as it is configured (ONBOARDING_REVIEW_SLA_HOURS), e.g. "24 h". */
export const slaText = (seconds: number): string => (seconds % 3600 === 0 ? `${seconds / 3600} h` : duration(seconds));
