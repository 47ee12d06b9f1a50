import { rmSync } from 'node:fs';
import { stopProcess } from '../../scripts/stack/processes';
import { testStack } from './stack-handles';

export default async function globalTeardown(): Promise<void> {
  const handles = testStack.take();
  if (!handles) return;
  await stopProcess(handles.maildev);
  await handles.postgres.stop();
  rmSync(handles.root, { recursive: true, force: true });
}
