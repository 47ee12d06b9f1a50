// A real Temporal dev server (the official CLI) per integration test file, with our search
// attributes registered, the way the local stack runs it.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalCliPath } from '../../scripts/stack/tools';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

export function startTestTemporal(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      ip: '127.0.0.1',
      searchAttributes: SEARCH_ATTRIBUTES,
      extraArgs: ['--ui-disable-news-fetch'],
    },
  });
}
