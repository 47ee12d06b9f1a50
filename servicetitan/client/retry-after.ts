// Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3); ServiceTitan uses both.
const FALLBACK_MS = 1000;

export function parseRetryAfter(header: string | null, now: number): number {
  if (!header) return FALLBACK_MS;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return FALLBACK_MS;
  return Math.max(0, date - now);
}
