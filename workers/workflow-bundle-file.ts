// The workflow bundle built once, at build time (scripts/build-workflow-bundle.ts, run by bootstrap
// and the Dockerfile), instead of webpack at every worker start. A bundle older than any of its
// sources would run yesterday's workflow code without a word (a `tsc` without bootstrap leaves one
// behind), so the worker checks the sources its inline source map lists and bundles afresh when one
// is newer. Sources that do not exist (the image ships no .ts) count as unchanged.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowBundlePath } from '@temporalio/worker';

export interface PrebuiltWorkflowBundle {
  /** Undefined: bundle at start (workers/worker.ts workflowOptions). */
  bundle?: WorkflowBundlePath;
  /** For the startup log: which code the worker runs, and why. */
  description: string;
}

/** The bundle at bundlePath (relative to the working directory) when it exists and is fresh. */
export function prebuiltWorkflowBundle(bundlePath: string): PrebuiltWorkflowBundle {
  const codePath = path.resolve(bundlePath);
  if (!existsSync(codePath)) return { description: `no prebuilt bundle at ${codePath}: bundled at start` };
  const newer = newerSource(codePath);
  if (newer !== undefined) return { description: `${codePath} is older than ${newer}: bundled at start` };
  return { bundle: { codePath }, description: `prebuilt bundle ${codePath}` };
}

/** A source of the bundle changed after it was built, if any. */
export function newerSource(codePath: string): string | undefined {
  const builtAt = statSync(codePath).mtimeMs;
  return bundleSources(readFileSync(codePath, 'utf8')).find((source) => existsSync(source) && statSync(source).mtimeMs > builtAt);
}

/** The absolute file paths in the bundle's inline source map (webpack's own runtime entries are not files). */
export function bundleSources(code: string): string[] {
  const match = /\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/.exec(code);
  if (!match) return [];
  const { sources } = JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8')) as { sources?: unknown };
  return Array.isArray(sources) ? sources.filter((s): s is string => typeof s === 'string' && path.isAbsolute(s)) : [];
}
