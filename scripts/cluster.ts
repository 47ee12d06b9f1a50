// `npm run cluster`: the production topology on this machine (scripts/cluster/topology.ts): the
// real Temporal server on embedded PostgreSQL, our service in production mode with secrets made
// for the run, CLUSTER_WORKERS workers and CLUSTER_APIS API replicas (2 each by default). The
// first run builds the Temporal server with Go (cached in .tools/temporal-server/<version>/).
// Prints the URLs; Ctrl-C stops everything. Data and logs: CLUSTER_DATA_DIR (default .data/cluster).
import path from 'node:path';
import { startCluster } from './cluster/topology';
import { TEMPORAL_SERVER_VERSION } from './cluster/temporal-server';
import { PROJECT_ROOT } from './stack/tools';

const say = (line: string) => console.log(`[cluster] ${line}`);

function count(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 16) throw new Error(`${name} must be a whole number from 1 to 16, got ${raw}`);
  return value;
}

async function main(): Promise<void> {
  const started = Date.now();
  const dataDir = path.resolve(PROJECT_ROOT, process.env.CLUSTER_DATA_DIR ?? path.join('.data', 'cluster'));
  const cluster = await startCluster({ dataDir, workers: count('CLUSTER_WORKERS', 2), apis: count('CLUSTER_APIS', 2), log: say });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    say('stopping...');
    cluster.stop().then(
      () => process.exit(0),
      (err: Error) => {
        console.error(err.message);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const lines = [
    ...cluster.apiUrls.map((url, i) => `API replica ${i + 1}         ${url}  (GET /healthz, GET /readyz)`),
    `Temporal server       ${cluster.temporalAddress}  (${TEMPORAL_SERVER_VERSION}, PostgreSQL persistence and SQL visibility, namespace default)`,
    `Temporal metrics      ${cluster.temporalMetricsUrl}`,
    `Workers               ${cluster.workers.map((w) => `${w.name} (pid ${w.child.pid})`).join(', ')}`,
    `ServiceTitan sandbox  ${cluster.sandboxUrl}  (admin API: ${cluster.sandboxUrl}/__sandbox/tenants)`,
    `Mail inbox            ${cluster.inboxUrl}`,
    `Data and logs         ${dataDir}`,
    `Secrets               ${path.join(dataDir, 'secrets.json')}  (generated on the first run of this data folder; NODE_ENV=production)`,
  ];
  console.log(`\nSmartAC cluster is up in ${Math.round((Date.now() - started) / 1000)} s:\n  ${lines.join('\n  ')}\nPress Ctrl-C to stop.\n`);
}

main().catch((err: Error) => {
  console.error(`cluster start failed: ${err.message}`);
  process.exit(1);
});
