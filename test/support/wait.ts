/**
 * Polls `probe` until it returns a truthy value (visibility and mirrors are eventually consistent).
 * The default bound is generous: on a loaded two-core CI machine a workflow with five busy children
 * can take well over 15 s to show a change; a passing test never waits for the bound.
 */
export async function waitFor<T>(
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  what = 'condition',
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
