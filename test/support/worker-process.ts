// The compiled worker (`npm run worker`, built by `npm test`'s bootstrap) as a separate process,
// so a test can kill it outright the way a crash or a redeploy would.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../scripts/stack/tools';

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  /** SIGKILL: no graceful shutdown, activities die mid-flight. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'workers', 'main.js')], {
    // No metrics exporter unless the test asks for one: several workers would contend for its port.
    env: { ...process.env, WORKER_METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('worker started')) {
    if (child.exitCode !== null) throw new Error(`worker exited during start:\n${output}`);
    if (Date.now() > deadline) throw new Error(`worker did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    output: () => output,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
