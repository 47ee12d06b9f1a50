// A workflow's whole history as searchable text, payloads decoded (they are base64 in JSON), so a
// test can prove a value is absent from everything Temporal stored.
import type { WorkflowHandle } from '@temporalio/client';

export async function historyText(handle: WorkflowHandle): Promise<string> {
  const json = JSON.stringify(await handle.fetchHistory());
  const decoded: string[] = [];
  JSON.parse(json, (key, value) => {
    if (key === 'data' && typeof value === 'string') decoded.push(Buffer.from(value, 'base64').toString('utf8'));
    return value;
  });
  return `${json}\n${decoded.join('\n')}`;
}
