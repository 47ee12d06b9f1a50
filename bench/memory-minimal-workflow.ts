// bench/memory.ts's baseline: the least a workflow can be (waits for one signal), bundled on its own.
import { condition, defineSignal, setHandler } from '@temporalio/workflow';

export const finishSignal = defineSignal('finish');

/** Takes the onboarding's start input too, so the two differ by their code, not their payload. */
export async function minimalWorkflow(input: unknown): Promise<unknown> {
  let finished = false;
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
  return input;
}
