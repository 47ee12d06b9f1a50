// The ServiceTitan sandbox as its own process for benchmarks, as ServiceTitan is another host.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort, sleep } from '../scripts/stack/processes';
import { PROJECT_ROOT } from '../scripts/stack/tools';

/** The sandbox as its own process (dist/servicetitan/sandbox/main.js); stops with us. */
export async function sandboxProcess(cleanup: (() => Promise<void>)[]): Promise<string> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'servicetitan', 'sandbox', 'main.js')], {
    env: { ...process.env, SANDBOX_PORT: String(port), NODE_ENV: 'development', STACK_PARENT_PID: String(process.pid) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  cleanup.push(async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 100; tries += 1) {
    if (
      await fetch(`${url}/__sandbox/tenants`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return url;
    await sleep(100);
  }
  throw new Error('the sandbox did not start');
}
