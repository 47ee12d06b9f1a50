// Small process and port helpers shared by the local stack launcher and the test setup.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once something accepts TCP connections on host:port, or rejects after timeoutMs. */
export async function waitForPort(host: string, port: number, timeoutMs: number, what = `${host}:${port}`): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await canConnect(host, port)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not start listening within ${timeoutMs} ms`);
    await sleep(100);
  }
}

export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A port the OS says is free right now (tests use it to run stacks side by side). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Where its output goes. */
  logFile: string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
}

/**
 * Starts a long-running child in its own process group (so a Ctrl-C in the terminal reaches only
 * the launcher, which then stops the parts in order), with its output appended to a log file and,
 * optionally, echoed to our stdout.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; logDir: string; echo?: boolean; cwd?: string } & Pick<SpawnOptions, 'uid' | 'gid'>,
): ManagedProcess {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = path.join(options.logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  // A log that cannot be written (its folder deleted, a full disk) must not take the launcher down.
  log.on('error', (err) => process.stderr.write(`${name}: cannot write ${logFile}: ${err.message}\n`));
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    uid: options.uid,
    gid: options.gid,
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (options.echo) process.stdout.write(chunk);
    });
  }
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      log.end();
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (err) => {
      log.end(`${name} failed to start: ${err.message}\n`);
      resolve('spawn-error');
    });
  });
  return { name, child, logFile, exited };
}

/** Waits until `proc` accepts connections on every port, failing at once (naming its log) if it exits first. */
export async function untilListening(proc: ManagedProcess, host: string, ports: number[], timeoutMs: number): Promise<void> {
  await Promise.race([
    Promise.all(ports.map((port) => waitForPort(host, port, timeoutMs, `${proc.name} on ${host}:${port}`))),
    proc.exited.then((code) => {
      throw new Error(`${proc.name} exited during start (${code}); see ${proc.logFile}`);
    }),
  ]);
}

/** Sends SIGTERM (then SIGKILL after graceMs) and waits for the process to exit. */
export async function stopProcess(proc: ManagedProcess, graceMs = 15000): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  await proc.exited;
  clearTimeout(timer);
}

/** True while `pid` runs. A zombie (exited, not yet reaped by its new parent) counts as gone. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; comm may contain spaces, so split after ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): trust kill(0)
  }
}
