// The baseline of bench/onboarding.ts: the least a workflow can be — started, one signal, done.
// Bundled on its own (only @temporalio/workflow), run on its own task queue by the bench.
import { condition, defineSignal, setHandler } from '@temporalio/workflow';

export const finishSignal = defineSignal('finish');

export async function minimalStartSignalComplete(): Promise<void> {
  let finished = false;
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
}
