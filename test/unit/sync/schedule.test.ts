// When an idle sync child passes next (workflows/sync/schedule.ts): only work that needs a clock keeps one.
import { DEFAULT_IDLE_CHECK_MS, MIN_WAKE_MS, nextPassIn } from '../../../workflows/sync/schedule';
import type { SyncPassResult } from '../../../workflows/sync/types';

const MINUTE = 60_000;
const now = Date.parse('2026-12-06T12:00:00Z');
const timing = { intervalMs: MINUTE, reconcileEveryMs: 360 * MINUTE, reminderLookaheadHours: 48, idleCheckMs: 30 * MINUTE };
const idle: SyncPassResult = { checked: 0, writes: 0, backlog: 0, failed: 0 };
const at = (minutes: number) => new Date(now + minutes * MINUTE).toISOString();

describe('nextPassIn', () => {
  it('sleeps until the idle check when nothing needs a clock', () => {
    expect(nextPassIn({ child: 'memberships', now, timing, result: idle, lastReconcileAt: now })).toBe(30 * MINUTE);
    expect(nextPassIn({ child: 'memberships', now, timing: { ...timing, idleCheckMs: undefined }, result: idle, lastReconcileAt: now })).toBe(
      DEFAULT_IDLE_CHECK_MS,
    );
  });

  it("wakes at the pass's own next look (an item's retry, an open alert) when it comes first", () => {
    expect(nextPassIn({ child: 'comfortCredits', now, timing, result: { ...idle, nextWakeAt: at(4) }, lastReconcileAt: now })).toBe(4 * MINUTE);
    expect(nextPassIn({ child: 'technicianReminders', now, timing, result: { ...idle, nextWakeAt: at(90) }, lastReconcileAt: now })).toBe(30 * MINUTE);
    // Already due: within a second (a worker's clock ahead of the workflow's makes no loop of passes).
    expect(nextPassIn({ child: 'comfortCredits', now, timing, result: { ...idle, nextWakeAt: at(-1) }, lastReconcileAt: now })).toBe(MIN_WAKE_MS);
  });

  it('wakes the Comfort Credit child for its reconciliation, and no other', () => {
    const reconciledLongAgo = now - 350 * MINUTE;
    expect(nextPassIn({ child: 'comfortCredits', now, timing, result: idle, lastReconcileAt: reconciledLongAgo })).toBe(10 * MINUTE);
    expect(nextPassIn({ child: 'tagging', now, timing, result: idle, lastReconcileAt: reconciledLongAgo })).toBe(30 * MINUTE);
  });

  it('tries a failed pass again after the interval', () => {
    expect(nextPassIn({ child: 'visits', now, timing, lastReconcileAt: now })).toBe(MINUTE);
  });
});
