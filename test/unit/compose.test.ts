// docker-compose.yml checked without a Docker engine (none runs here): it parses, our one image is
// built once and run by name, every command of ours is a file the image's build produces, the API
// and the worker (and the one-shot steps of ours) get every variable lib/config.ts requires in
// production, images are pinned, and a stopping worker gets longer than its drain.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../lib/config';

const ROOT = path.join(__dirname, '..', '..');
const OUR_IMAGE = 'smartac-servicetitan:local';

interface Service {
  image?: string;
  build?: unknown;
  pull_policy?: string;
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition: string }>;
  stop_grace_period?: string;
}

const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = Object.entries(compose.services);
const ours = services.filter(([, s]) => s.image === OUR_IMAGE);
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
/** The final stage's ENV lines: what every container of our image starts with. */
const imageEnv = Object.fromEntries([...dockerfile.slice(dockerfile.lastIndexOf('\nFROM ')).matchAll(/^ENV (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]));

/** Compose's interpolation of ${VAR}, ${VAR:-default} and $$, with nothing set in the shell. */
function interpolate(value: string): string {
  return value.replace(/\$\$|\$\{\w+(?::?-([^}]*))?\}/g, (match, fallback: string | undefined) => (match === '$$' ? '$' : (fallback ?? '')));
}

function containerEnv(service: Service): NodeJS.ProcessEnv {
  const own = Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v ?? ''))]);
  return { ...imageEnv, ...Object.fromEntries(own) };
}

it('parses, with the services the service needs', () => {
  expect(Object.keys(compose.services)).toEqual(
    expect.arrayContaining(['postgres', 'temporal', 'temporal-setup', 'mail', 'sandbox', 'migrate', 'worker', 'api']),
  );
});

it('builds our image once, under one name, and runs it in every service of ours', () => {
  expect(services.filter(([, s]) => s.build !== undefined).map(([name, s]) => [name, s.image])).toEqual([['migrate', OUR_IMAGE]]);
  expect(ours.map(([name]) => name).sort()).toEqual(['api', 'migrate', 'sandbox', 'temporal-setup', 'worker']);
  for (const [name, s] of ours) if (s.build === undefined) expect({ name, pull: s.pull_policy }).toEqual({ name, pull: 'never' });
  expect(dockerfile).toMatch(/^FROM node:24-bookworm-slim AS build$/m);
  expect(dockerfile).toMatch(/^FROM node:24-bookworm-slim$/m);
});

it("runs, in each service of ours, a file of the image's dist/ that the build produces", () => {
  const build = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
  const compiled = build.include.map((dir) => dir.replace(/\/\*\*\/\*\.ts$/, ''));
  expect(dockerfile).toContain('npx tsc -p tsconfig.build.json');
  expect(dockerfile).toContain('COPY --from=build /app/dist ./dist');
  // The worker's prebuilt workflow bundle is made in the image too (WORKFLOW_BUNDLE_PATH's default).
  expect(dockerfile).toContain('node dist/scripts/build-workflow-bundle.js');
  for (const [name, s] of ours) {
    expect({ name, entrypoint: s.entrypoint }).toEqual({ name, entrypoint: undefined });
    const command = Array.isArray(s.command) ? s.command : [];
    expect({ name, program: command[0], args: command.length }).toEqual({ name, program: 'node', args: 2 });
    const file = command[1]!;
    expect(file).toMatch(/^dist\/.+\.js$/);
    const source = file.replace(/^dist\//, '').replace(/\.js$/, '.ts');
    expect({ name, source, exists: existsSync(path.join(ROOT, source)) }).toEqual({ name, source, exists: true });
    expect({ name, source, compiled: compiled.some((dir) => source.startsWith(`${dir}/`)) }).toEqual({ name, source, compiled: true });
  }
  const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  expect(compose.services['temporal-setup']!.command).toEqual(scripts['temporal:setup']!.split(' '));
});

it('gives the API, the worker and our one-shot steps every variable production requires', () => {
  for (const name of ['api', 'worker', 'migrate', 'temporal-setup']) {
    const env = containerEnv(compose.services[name]!);
    let problems: unknown;
    try {
      expect(loadConfig(env).env).toBe('production');
    } catch (err) {
      problems = err;
    }
    expect({ name, problems }).toEqual({ name, problems: undefined });
  }
});

it('turns the sandbox admin API on, which the production image turns off, and its healthcheck needs', () => {
  expect(imageEnv.NODE_ENV).toBe('production');
  expect(containerEnv(compose.services.sandbox!).SANDBOX_ADMIN_API).toBe('true');
});

it('pins every image to a version, with Temporal server (not auto-setup) at the local stack versions', () => {
  for (const [name, s] of services) {
    if (s.image === OUR_IMAGE) continue;
    expect({ name, image: s.image }).toEqual({ name, image: expect.stringMatching(/^[\w./-]+:\d+(\.\d+)*(-[\w.]+)?$/) });
  }
  const images = services.map(([, s]) => s.image);
  expect(images.some((image) => image?.startsWith('temporalio/auto-setup'))).toBe(false);
  expect(images).toEqual(
    expect.arrayContaining(['temporalio/server:1.32.0', 'temporalio/admin-tools:1.32.0', 'temporalio/ui:2.54.1', 'maildev/maildev:3.0.0']),
  );
  expect(images.find((image) => image?.startsWith('postgres:'))).toMatch(/^postgres:18\./);
});

it('registers the search attributes before any worker or API starts, and lets a stopping worker drain', () => {
  for (const name of ['worker', 'api']) expect(compose.services[name]!.depends_on?.['temporal-setup']).toEqual({ condition: 'service_completed_successfully' });
  const seconds = (s: string | undefined) => Number(/^(\d+)s$/.exec(s ?? '')?.[1] ?? NaN);
  const worker = compose.services.worker!;
  const grace = Number(containerEnv(worker).WORKER_SHUTDOWN_GRACE_SECONDS ?? 30);
  expect(seconds(worker.stop_grace_period)).toBeGreaterThan(grace);
  expect(seconds(compose.services.api!.stop_grace_period)).toBeGreaterThan(0);
});
