import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { API_MODULES } from '../../../servicetitan/openapi/modules';
import { findRepoRoot } from '../../../servicetitan/openapi/repo-root';

describe('generated ServiceTitan types', () => {
  it('match the OpenAPI documents (run `node servicetitan/openapi/generate.mjs` when this fails)', () => {
    // A child process: openapi-typescript's dependencies are ES modules, which Jest cannot load.
    const root = findRepoRoot();
    const run = spawnSync(process.execPath, [path.join(root, 'servicetitan', 'openapi', 'generate.mjs'), '--check'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { modules: string[]; stale: string[] };
    expect(report.modules).toEqual([...API_MODULES]);
    expect(report.stale).toEqual([]);
    expect(run.status).toBe(0);
  });
});
