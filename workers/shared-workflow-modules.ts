// Modules the workflow sandbox evaluates once per worker and shares across workflows, instead of
// once per workflow (the bundler's preloadModules; workers/worker.ts and the tests' bundle).
//
// Why: with reuseV8Context (the SDK's default) one V8 context runs every workflow, but each
// workflow gets its own webpack module cache (@temporalio/worker lib/workflow/reusable-vm.js), so
// every module the workflow imports is evaluated again for each workflow and kept for as long as
// the workflow stays in the sticky cache. zod is most of our bundle: evaluated per workflow, its
// ~180 schema classes with their prototypes, accessors and closures cost about 1 MB of heap per
// cached onboarding (heap snapshots compared by constructor: bench/memory.ts --snapshots). Only
// modules evaluated before the first workflow exists land in the cache all workflows share; the
// SDK deep-freezes their exports.
//
// What may be listed: code without per-workflow state. zod is: parsing is pure, and its one global
// settings object is filled in before the freeze (../workflows/shared-zod.ts). The bundle takes
// zod's CommonJS build, whichever way the importing code is compiled (tsc's require in dist/, the
// tests' ESM imports of the .ts sources): its modules' exports are sealed by zod itself, where the
// SDK's deep freeze stops, so zod's own lazily computed values (util.allowsEval, its patterns'
// lastIndex) stay writable; the ESM build's would be frozen and fail on first use. Schemas may NOT be
// shared: zod installs methods and derived fields on a schema the first time it is used, which a
// frozen schema refuses ("Cannot define property safeParse, object is not extensible"); so the
// workflow builds each schema when a message arrives (workflows/onboarding/input-schemas.ts).
import type { BundleOptions } from '@temporalio/worker';

/** Bundler options for the workflow bundle: the worker's (workers/worker.ts) and the tests'. */
export const WORKFLOW_BUNDLER_OPTIONS: Pick<BundleOptions, 'preloadModules' | 'webpackConfigHook'> = {
  preloadModules: [require.resolve('../workflows/shared-zod')],
  webpackConfigHook: (config) => {
    const alias = config.resolve?.alias;
    if (Array.isArray(alias)) throw new Error('the workflow bundler now lists its aliases in an array: add zod$ there');
    return { ...config, resolve: { ...config.resolve, alias: { ...alias, zod$: require.resolve('zod') } } };
  },
};
