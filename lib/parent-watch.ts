// The local stack starts each part in its own process group, so a part would outlive a launcher
// that was killed with SIGKILL. Parts started by it watch the launcher and stop when it is gone.
export function stopWhenParentDies(onGone: () => void, intervalMs = 1000): void {
  const parentPid = Number(process.env.STACK_PARENT_PID);
  if (!Number.isInteger(parentPid) || parentPid <= 0) return;
  const timer = setInterval(() => {
    try {
      process.kill(parentPid, 0);
    } catch {
      clearInterval(timer);
      onGone();
    }
  }, intervalMs);
  timer.unref();
}
