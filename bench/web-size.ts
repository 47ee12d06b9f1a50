// Benchmark: what the partner pages weigh over the wire. Reads web/dist/index.html (built by
// `vite build web`, which `npm run bench:web-size` runs through the bootstrap when sources
// changed), follows the scripts, stylesheets and module preloads it names, and prints each file's
// size and gzip size, and the total against the 250 KB gzip budget. Files in web/dist/assets that
// index.html does not name (chunks loaded on demand) are listed apart: a partner page does not
// load them up front.
//   node dist/bench/web-size.js
// Baseline, in the same run: React and ReactDOM alone (createRoot rendering one heading), bundled
// by the same Vite with the same settings, so the figure says what the pages add on top of React.
// Exits 1 over budget.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../scripts/stack/tools';

const BUDGET_BYTES = 250 * 1024;
const WEB_DIST = path.join(PROJECT_ROOT, 'web', 'dist');

interface Measured {
  file: string;
  bytes: number;
  gzipBytes: number;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function measure(dist: string, file: string): Measured {
  const content = readFileSync(path.join(dist, file));
  // gzip at its default level (6), what a compressing server or proxy sends.
  return { file, bytes: content.length, gzipBytes: gzipSync(content).length };
}

/** index.html and the same-origin files it loads: <script src>, <link rel=stylesheet|modulepreload href>. */
function pageFiles(dist: string): string[] {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const named = [
    ...[...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link\b[^>]*>/g)].filter((m) => /\brel="(stylesheet|modulepreload)"/.test(m[0])).map((m) => /\bhref="([^"]+)"/.exec(m[0])?.[1]),
  ].filter((href): href is string => href !== undefined && href.startsWith('/') && !href.startsWith('//'));
  return ['index.html', ...new Set(named.map((href) => href.slice(1)))];
}

function total(files: Measured[]): Measured {
  return files.reduce((sum, f) => ({ file: 'total', bytes: sum.bytes + f.bytes, gzipBytes: sum.gzipBytes + f.gzipBytes }), {
    file: 'total',
    bytes: 0,
    gzipBytes: 0,
  });
}

/** React + ReactDOM rendering one heading, built by Vite like web/ (see web/vite.config.mts). */
async function reactAloneBaseline(): Promise<Measured[]> {
  const { build } = await import('vite');
  // Inside the project, so `react` resolves from its node_modules.
  const cache = path.join(PROJECT_ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const root = mkdtempSync(path.join(cache, 'web-size-baseline-'));
  try {
    writeFileSync(
      path.join(root, 'index.html'),
      '<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>React alone</title><script type="module" src="/main.js"></script></head><body><div id="root"></div></body></html>',
    );
    writeFileSync(
      path.join(root, 'main.js'),
      "import { createElement } from 'react';\nimport { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')).render(createElement('h1', null, 'Hello'));\n",
    );
    await build({
      root,
      configFile: false,
      logLevel: 'silent',
      build: { outDir: 'dist', emptyOutDir: true, modulePreload: { polyfill: false }, assetsInlineLimit: 0 },
    });
    const dist = path.join(root, 'dist');
    return pageFiles(dist).map((file) => measure(dist, file));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  let files: string[];
  try {
    files = pageFiles(WEB_DIST);
  } catch {
    throw new Error(`${WEB_DIST}/index.html is missing: run \`npm run build\` (or \`npx vite build web\`) first`);
  }
  const loaded = files.map((file) => measure(WEB_DIST, file));
  const onDemand = readdirSync(path.join(WEB_DIST, 'assets'))
    .map((name) => `assets/${name}`)
    .filter((file) => !files.includes(file) && /\.(js|css)$/.test(file))
    .map((file) => measure(WEB_DIST, file));
  const baseline = await reactAloneBaseline();

  console.log('What a partner page loads (web/dist/index.html and the files it names):');
  for (const f of loaded) console.log(`  ${f.file.padEnd(40)} ${kb(f.bytes).padStart(10)}  gzip ${kb(f.gzipBytes).padStart(9)}`);
  if (onDemand.length > 0) {
    console.log('Loaded on demand only (not counted):');
    for (const f of onDemand) console.log(`  ${f.file.padEnd(40)} ${kb(f.bytes).padStart(10)}  gzip ${kb(f.gzipBytes).padStart(9)}`);
  }
  const pages = total(loaded);
  const react = total(baseline);
  const verdict = pages.gzipBytes <= BUDGET_BYTES ? 'within' : 'OVER';
  console.log('');
  console.log(
    `partner pages: ${kb(pages.gzipBytes)} gzip (${kb(pages.bytes)} raw), ${verdict} the ${kb(BUDGET_BYTES)} budget (${Math.round((100 * pages.gzipBytes) / BUDGET_BYTES)}%)`,
  );
  console.log(
    `baseline (same run): React + ReactDOM alone, bundled by the same Vite: ${kb(react.gzipBytes)} gzip (${kb(react.bytes)} raw); ` +
      `the pages add ${kb(pages.gzipBytes - react.gzipBytes)} gzip`,
  );
  if (verdict === 'OVER') process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
