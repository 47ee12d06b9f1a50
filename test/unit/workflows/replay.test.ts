// Replays the recorded histories in test/histories/ against today's workflow code. A change to
// the workflow that would break onboardings already running in production (non-determinism)
// fails here; make such changes with patched() and keep the old histories replaying.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { WORKFLOW_VERSION } from '../../support/recorded-histories';
import { workflowBundle } from '../../support/workflow-bundle';

const HISTORIES = path.join(__dirname, '..', '..', 'histories');
const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));

/** Every way an onboarding or a sync child ends (or lives on after trouble), recorded per release. */
const PATHS = [
  'onboarding-happy-path', // live, then disconnected
  'onboarding-rejected',
  'onboarding-expired',
  'onboarding-disconnected-live', // disconnected while a child's pass runs
  'onboarding-credentials-rotated', // NEEDS_ATTENTION, then live again (still running)
  'sync-child-cancelled-with-timer', // its timer and its cancellation in one workflow task
  'sync-child-cancelled-mid-pass',
  'sync-child-paused-resumed',
];

describe('recorded onboarding histories replay on the current workflow code', () => {
  it('has the histories of the happy path and of a rejection, of the first release and of today', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'onboarding-happy-path.v1.json',
        'onboarding-rejected.v1.json',
        'onboarding-happy-path.v2.json',
        'onboarding-rejected.v2.json',
        'onboarding-happy-path-tenant-checked.v3.json',
        'onboarding-rejected-tenant-checked.v3.json',
      ]),
    );
  });

  // Recorded across a deploy: the previous release accepted a staff note with a NUL and its audit
  // activity retried forever (history: signal, ActivityTaskScheduled, nothing more); this release
  // picked it up, the activity failed StorageRefused, the event was recorded without its detail,
  // and staff approved again and the partner disconnected. The previous code cannot replay it.
  it('has the history of an onboarding wedged by a NUL and recovered by this release', () => {
    expect(files).toContain('onboarding-wedged-nul-recovered.v2.json');
  });

  it('has a sync child from before refused items counted (ok and refusing passes in turn), and one since (failed, partial, ok)', () => {
    expect(files).toEqual(expect.arrayContaining(['sync-items-refused.v1.json', 'sync-items-refused.v2.json']));
  });

  it('has sync children that wait for work: idle for hours then woken, and a refused item retried at its retry time', () => {
    expect(files).toEqual(expect.arrayContaining(['sync-child-idle-woken.v4.json', 'sync-child-item-retry.v4.json']));
  });

  it.each(['v2', WORKFLOW_VERSION])('has a history of every path recorded with the workflows of %s', (version) => {
    expect(files).toEqual(expect.arrayContaining(PATHS.map((name) => `${name}.${version}.json`)));
  });

  it.each(files)('%s', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')));
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file.replace(/\.json$/, ''));
  });
});
