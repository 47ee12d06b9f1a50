// The real Temporal server (not the CLI's dev server), built from the Go module proxy, on
// PostgreSQL persistence with SQL visibility: the binaries, their schema and a config file written
// for one run. `npm run cluster` and test/cluster use it.
import { execFile } from 'node:child_process';
import net from 'node:net';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { addMissingSearchAttributes } from '../stack/search-attributes';
import { sleep, startProcess, untilListening, type ManagedProcess } from '../stack/processes';
import { PROJECT_ROOT } from '../stack/tools';

const run = promisify(execFile);

/** The server version of the local stack's CLI dev server (temporal 1.9.1 = Server 1.32.0). */
export const TEMPORAL_SERVER_VERSION = '1.32.0';
/** go.temporal.io/server 1.32 needs Go 1.26.10+; the proxy serves this approved toolchain. */
const GO_TOOLCHAIN = 'go1.27.3';

export interface TemporalServerBinaries {
  server: string;
  sqlTool: string;
}

/** Where the built binaries are kept (git-ignored), so a second run starts at once. */
export function temporalServerDir(version = TEMPORAL_SERVER_VERSION): string {
  return path.join(process.env.TEMPORAL_SERVER_CACHE ?? path.join(PROJECT_ROOT, '.tools', 'temporal-server'), version);
}

/**
 * The temporal-server and temporal-sql-tool binaries, built with `go install` on first use. The
 * build takes minutes on two cores (nice'd, so the machine stays usable); later runs reuse it.
 */
export async function ensureTemporalServer(log: (line: string) => void, version = TEMPORAL_SERVER_VERSION): Promise<TemporalServerBinaries> {
  const dir = temporalServerDir(version);
  const binaries = { server: path.join(dir, 'temporal-server'), sqlTool: path.join(dir, 'temporal-sql-tool') };
  if (existsSync(binaries.server) && existsSync(binaries.sqlTool)) return binaries;
  mkdirSync(dir, { recursive: true });
  log(`building Temporal server ${version} and temporal-sql-tool with Go (first run only; several minutes)...`);
  const started = Date.now();
  const packages = ['go.temporal.io/server/cmd/server', 'go.temporal.io/server/cmd/tools/sql'].map((p) => `${p}@v${version}`);
  try {
    await run('nice', ['-n', '19', 'go', 'install', ...packages], {
      env: { ...process.env, GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? GO_TOOLCHAIN, GOBIN: dir },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    const { stderr } = err as { stderr?: string };
    throw new Error(`go install failed (Go and the Go module proxy are needed for the first run):\n${stderr ?? (err as Error).message}`);
  }
  // go install names them after their package folders.
  renameSync(path.join(dir, 'server'), binaries.server);
  renameSync(path.join(dir, 'sql'), binaries.sqlTool);
  log(`built in ${Math.round((Date.now() - started) / 1000)} s into ${dir}`);
  return binaries;
}

export interface TemporalDatabase {
  host: string;
  port: number;
  user: string;
  password: string;
  /** History, executions, namespaces... */
  database: string;
  visibilityDatabase: string;
}

/** Creates both databases and brings their schema to the binary's version (idempotent). */
export async function setupTemporalSchema(sqlTool: string, db: TemporalDatabase): Promise<void> {
  const connect = ['--plugin', 'postgres12', '--ep', db.host, '-p', String(db.port), '-u', db.user, '--pw', db.password];
  const tool = (args: string[]) => run(sqlTool, [...connect, ...args], { maxBuffer: 16 * 1024 * 1024 });
  for (const [database, schema] of [
    [db.database, 'postgresql/v12/temporal'],
    [db.visibilityDatabase, 'postgresql/v12/visibility'],
  ] as const) {
    try {
      await tool(['--db', database, 'create-database']);
    } catch (err) {
      // A kept data folder has it already; anything else shows in the next step.
      if (!/already exists/.test(String((err as { stderr?: string }).stderr))) throw err;
    }
    // setup-schema -v 0.0 only creates the version table (and is a no-op on a set-up database);
    // update-schema then applies every versioned step embedded in the binary.
    await tool(['--db', database, 'setup-schema', '-v', '0.0']);
    await tool(['--db', database, 'update-schema', '--schema-name', schema]);
  }
}

/**
 * A free loopback port below 32768, for the services' membership ports: Temporal's SQL schema
 * keeps them in a smallint (cluster_membership.rpc_port), so an ephemeral port (32768 and up,
 * what the OS hands out for port 0) fails the server's start with "out of range for type smallint".
 */
export async function freeMembershipPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port between 20000 and 32000');
}

export interface TemporalServerPorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
  metrics: number;
}

/** The server's YAML, from the module's config/development-postgres12.yaml, with this run's ports and database. */
export function serverConfigYaml(db: TemporalDatabase, ports: TemporalServerPorts, dynamicConfigFile: string): string {
  const datastore = (database: string, maxConns: number) => `      sql:
        pluginName: "postgres12"
        databaseName: "${database}"
        connectAddr: "${db.host}:${db.port}"
        connectProtocol: "tcp"
        user: "${db.user}"
        password: "${db.password}"
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (grpc: number, membership: number, http?: number) => `    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${http ? `\n      httpPort: ${http}` : ''}`;
  for (const port of [ports.frontendMembership, ports.historyMembership, ports.matchingMembership, ports.workerMembership]) {
    if (port > 32767) throw new Error(`membership port ${port} does not fit Temporal's smallint column; use freeMembershipPort()`);
  }
  return `# Written by scripts/cluster for one run; see scripts/cluster/temporal-server.ts.
log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:
${datastore(db.database, 10)}
    postgres-visibility:
${datastore(db.visibilityDatabase, 4)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
  metrics:
    prometheus:
      framework: "tally"
      timerType: "histogram"
      listenAddress: "127.0.0.1:${ports.metrics}"
services:
  frontend:
${service(ports.frontend, ports.frontendMembership, ports.frontendHttp)}
  matching:
${service(ports.matching, ports.matchingMembership)}
  history:
${service(ports.history, ports.historyMembership)}
  worker:
${service(ports.worker, ports.workerMembership)}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${ports.frontend}"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: "${dynamicConfigFile}"
  pollInterval: "10s"
`;
}

// Search attributes added a moment ago are usable at once (else the namespace cache lags ~10 s).
const DYNAMIC_CONFIG = `system.forceSearchAttributesCacheRefreshOnRead:
  - value: true
    constraints: {}
limit.maxIDLength:
  - value: 255
    constraints: {}
`;

/** Writes the config files into configDir and starts the server; resolves once the frontend listens. */
export async function startTemporalServer(options: {
  binary: string;
  configDir: string;
  logDir: string;
  db: TemporalDatabase;
  ports: TemporalServerPorts;
  env?: NodeJS.ProcessEnv;
}): Promise<ManagedProcess> {
  mkdirSync(options.configDir, { recursive: true });
  const dynamicConfigFile = path.join(options.configDir, 'dynamicconfig.yaml');
  const configFile = path.join(options.configDir, 'temporal-server.yaml');
  writeFileSync(dynamicConfigFile, DYNAMIC_CONFIG);
  writeFileSync(configFile, serverConfigYaml(options.db, options.ports, dynamicConfigFile));
  const proc = startProcess('temporal-server', options.binary, ['--config-file', configFile, '--allow-no-auth', 'start'], {
    logDir: options.logDir,
    env: options.env,
  });
  await untilListening(proc, '127.0.0.1', [options.ports.frontend], 120_000);
  return proc;
}

/** Registers the namespace (unless it exists) and our search attributes on it; retries while the server settles. */
export async function prepareNamespace(address: string, namespace: string, retentionDays = 3): Promise<string[]> {
  const connection = await Connection.connect({ address });
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        try {
          await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`) });
        } catch (err) {
          if (!/already exists|AlreadyExists/i.test((err as Error).message)) throw err;
        }
        return await addMissingSearchAttributes(connection, namespace);
      } catch (err) {
        // The frontend accepts connections before its namespace cache knows a new namespace.
        if (attempt >= 60) throw err;
        await sleep(1000);
      }
    }
  } finally {
    await connection.close();
  }
}
