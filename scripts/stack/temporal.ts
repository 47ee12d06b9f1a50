// The real Temporal dev server from the official CLI, persisted to one SQLite file.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { ensureSearchAttributes } from './search-attributes';
import { startProcess, untilListening, type ManagedProcess } from './processes';
import { temporalCliPath } from './tools';

export interface TemporalDevServerOptions {
  dataDir: string;
  logDir: string;
  host: string;
  port: number;
  uiPort: number;
  namespace: string;
  /** Called with the process as soon as it is spawned (the launcher can then stop it mid-start). */
  spawned?: (proc: ManagedProcess) => void;
}

/** Maps our search attribute keys to the CLI's KEY=Type flag values. */
export function searchAttributeFlags(): string[] {
  const cliType: Record<string, string> = {
    KEYWORD: 'Keyword',
    TEXT: 'Text',
    INT: 'Int',
    DOUBLE: 'Double',
    BOOL: 'Bool',
    DATETIME: 'Datetime',
    KEYWORD_LIST: 'KeywordList',
  };
  return SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${cliType[key.type]}`]);
}

export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<ManagedProcess> {
  mkdirSync(options.dataDir, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    options.host,
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--namespace',
    options.namespace,
    '--db-filename',
    path.join(options.dataDir, 'temporal.sqlite'),
    // WAL lets the UI and the frontend read while history is written; NORMAL sync is safe with WAL.
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    // The dev server keeps all history in one shard, and a shard's transfer queue (which hands
    // each workflow task scheduled by an activity's result, a signal or a timer to matching) loads
    // its tasks at most 20 times a second by default: each such task then waited about 25 ms, and
    // 50-100 ms under load (bench:onboarding's "workflow tasks: queue"). A cluster has hundreds of
    // shards, each with that budget; one shard gets the budget of a few dozen. Updates are not
    // affected: their workflow task goes to matching directly.
    '--dynamic-config-value',
    'history.transferProcessorMaxPollRPS=500',
    '--log-level',
    'warn',
    // This machine (and many CI runners) cannot reach the UI's news feed.
    '--ui-disable-news-fetch',
    ...searchAttributeFlags(),
  ];
  const proc = startProcess('temporal', temporalCliPath(), args, { logDir: options.logDir });
  options.spawned?.(proc);
  await untilListening(proc, options.host, [options.port], 60000);
  // A database from an earlier version has only the attributes of its day (search-attributes.ts).
  const connection = await Connection.connect({ address: `${options.host}:${options.port}` });
  try {
    await ensureSearchAttributes(connection, options.namespace);
  } finally {
    await connection.close();
  }
  return proc;
}
