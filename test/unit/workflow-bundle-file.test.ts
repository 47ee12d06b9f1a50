// The worker loads the bundle built once only while it is at least as new as every source its
// inline source map names; otherwise (or when there is none) it bundles at start, and says which.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleSources, prebuiltWorkflowBundle } from '../../workers/workflow-bundle-file';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'workflow-bundle-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const inlineMap = (sources: string[]) =>
  `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify({ version: 3, sources, mappings: '' })).toString('base64')}\n`;

function writeBundle(sources: string[]): string {
  const codePath = path.join(dir, 'workflow-bundle.js');
  writeFileSync(codePath, `var x = 1;\n${inlineMap(sources)}`);
  return codePath;
}

it('lists the absolute source paths of the inline source map', () => {
  const source = path.join(dir, 'workflow.ts');
  expect(bundleSources(`code\n${inlineMap([source, 'webpack/bootstrap', 'webpack/runtime/make namespace object'])}`)).toEqual([source]);
  expect(bundleSources('code without a map')).toEqual([]);
});

it('loads a fresh bundle, and bundles at start when it is missing or a source is newer', () => {
  expect(prebuiltWorkflowBundle(path.join(dir, 'absent.js'))).toEqual({ description: expect.stringContaining('no prebuilt bundle') });

  const source = path.join(dir, 'workflow.ts');
  writeFileSync(source, 'export {}');
  const codePath = writeBundle([source, path.join(dir, 'not-shipped.ts')]);
  const past = new Date(Date.now() - 60_000);
  utimesSync(source, past, past);
  expect(prebuiltWorkflowBundle(codePath)).toEqual({ bundle: { codePath }, description: `prebuilt bundle ${codePath}` });

  const future = new Date(Date.now() + 60_000);
  utimesSync(source, future, future);
  expect(prebuiltWorkflowBundle(codePath)).toEqual({ description: `${codePath} is older than ${source}: bundled at start` });
});
