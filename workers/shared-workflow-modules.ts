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
// settings object is filled in before the freeze (../workflows/shared-zod.ts). Schemas may NOT be
// shared: zod installs methods and derived fields on a schema the first time it is used, which a
// frozen schema refuses ("Cannot define property safeParse, object is not extensible"); so the
// workflow builds each schema when a message arrives (workflows/onboarding/input-schemas.ts).
export const SHARED_WORKFLOW_MODULES: string[] = [require.resolve('../workflows/shared-zod')];
