// Signals of the sync workflows, defined once: the children, their parent (the onboarding
// workflow) and the API (which wakes a child when an event for it arrives) import them from here.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SyncChild, SyncHealth } from './types';

/** Something to do arrived (an event was recorded): run a pass now rather than at the next tick. */
export const wakeSignal = defineSignal('wake');
/** From the parent: credentials stopped working (pause) or work again (resume). */
export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
/** From a child to the parent, after every pass. */
export const syncReportSignal = defineSignal<[{ child: SyncChild; health: SyncHealth }]>('syncReport');
/** From a child to the parent: ServiceTitan refused the stored credentials. */
export const credentialsRejectedSignal = defineSignal<[{ child: SyncChild; message: string }]>('credentialsRejected');

/** A child's own health, fresh (the API reads it for the partner's state). */
export const syncHealthQuery = defineQuery<SyncHealth & { paused: boolean }>('syncHealth');
