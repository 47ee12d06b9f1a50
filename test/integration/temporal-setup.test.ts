// `npm run temporal:setup` (the compiled scripts/temporal-setup.ts, as compose and the README run
// it) on a namespace that has none of our search attributes: the first run registers each with its
// type, the second finds them all and changes nothing.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { PROJECT_ROOT, temporalCliPath } from '../../scripts/stack/tools';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  // A bare dev server: unlike startTestTemporal, no search attributes of ours.
  env = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalCliPath() }, ip: '127.0.0.1', extraArgs: ['--ui-disable-news-fetch'] },
  });
});
afterAll(() => env?.teardown());

async function temporalSetup(): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'scripts', 'temporal-setup.js')], {
    env: { ...process.env, TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: 'default', LOG_LEVEL: 'info' },
  });
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}

async function registered(): Promise<Record<string, string>> {
  const { customAttributes } = await env.connection.operatorService.listSearchAttributes({ namespace: 'default' });
  const { IndexedValueType } = temporal.api.enums.v1;
  return Object.fromEntries(Object.entries(customAttributes ?? {}).map(([name, type]) => [name, IndexedValueType[type]]));
}

it('registers every search attribute once; a second run changes nothing', async () => {
  const before = await registered();
  for (const key of SEARCH_ATTRIBUTES) expect(before[key.name]).toBeUndefined();

  const first = await temporalSetup();
  expect(first).toMatchObject({ namespace: 'default', added: SEARCH_ATTRIBUTES.map((key) => key.name), present: 0 });
  const after = await registered();
  for (const key of SEARCH_ATTRIBUTES) expect({ name: key.name, type: after[key.name] }).toEqual({ name: key.name, type: `INDEXED_VALUE_TYPE_${key.type}` });

  const second = await temporalSetup();
  expect(second).toMatchObject({ added: [], present: SEARCH_ATTRIBUTES.length });
  expect(await registered()).toEqual(after);
}, 120_000);
