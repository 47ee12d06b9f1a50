// Hands what globalSetup started to globalTeardown (both run in Jest's parent process).
import type { EmbeddedPostgres } from '../../scripts/stack/postgres';
import type { ManagedProcess } from '../../scripts/stack/processes';

export interface TestStackHandles {
  root: string;
  postgres: EmbeddedPostgres;
  maildev: ManagedProcess;
}

const KEY = Symbol.for('smartac.testStack');
type Holder = { [KEY]?: TestStackHandles };

export const testStack = {
  set(handles: TestStackHandles): void {
    (globalThis as Holder)[KEY] = handles;
  },
  take(): TestStackHandles | undefined {
    const handles = (globalThis as Holder)[KEY];
    delete (globalThis as Holder)[KEY];
    return handles;
  },
};
