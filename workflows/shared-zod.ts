// zod, evaluated once per worker and shared by every workflow: the worker's preloadModules names
// this module (workers/shared-workflow-modules.ts). Naming 'zod' itself there does nothing, since
// zod's package declares "sideEffects": false and webpack drops a bare require of it whose result
// is unused; this module is ours (side effects assumed), so it and the zod it re-exports stay.
import { z } from 'zod';

// zod keeps its settings in one global object, which the SDK freezes with the shared modules; zod
// fills in its defaults (English messages, the container memoizer) on the first schema built, so
// they are set here, while it can still be written, exactly as zod would set them.
z.config(z.locales.en());
z.config({ memoizer: z.core.memoizer() });

export { z };
