// The launcher's Temporal dev server on a database kept from an earlier version: the dev server
// registers --search-attribute flags only when it creates its database, so the attributes added
// since (the sync health ones) would be missing and the sync children's workflow tasks would fail.
// startTemporalDevServer adds what is missing at every start.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { freePort, startProcess, stopProcess, untilListening } from '../../scripts/stack/processes';
import { startTemporalDevServer } from '../../scripts/stack/temporal';
import { temporalCliPath } from '../../scripts/stack/tools';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'temporal-sa-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('adds the search attributes an existing dev server database lacks, with their types', async () => {
  const [port, uiPort] = [await freePort(), await freePort()];
  const dataDir = path.join(dir, 'temporal');
  const logDir = path.join(dir, 'logs');
  // An earlier version: its database knows only the onboarding's attributes.
  mkdirSync(dataDir, { recursive: true });
  const old = startProcess(
    'temporal-old',
    temporalCliPath(),
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--ui-port',
      String(uiPort),
      '--headless',
      '--db-filename',
      path.join(dataDir, 'temporal.sqlite'),
      '--log-level',
      'warn',
      '--search-attribute',
      'OnboardingStatus=Keyword',
    ],
    { logDir },
  );
  await untilListening(old, '127.0.0.1', [port], 60_000);
  await stopProcess(old);

  const server = await startTemporalDevServer({ dataDir, logDir, host: '127.0.0.1', port, uiPort, namespace: 'default' });
  const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
    const { IndexedValueType } = temporal.api.enums.v1;
    const registered = Object.fromEntries(Object.entries(customAttributes ?? {}).map(([name, type]) => [name, IndexedValueType[type]]));
    for (const key of SEARCH_ATTRIBUTES)
      expect({ name: key.name, type: registered[key.name] }).toEqual({ name: key.name, type: `INDEXED_VALUE_TYPE_${key.type}` });
  } finally {
    await connection.close();
    await stopProcess(server);
  }
});
