// The sandbox's state on disk, so a restarted sandbox is the same ServiceTitan our database
// remembers: tenants with every record, apps and their connections (access modes, secrets,
// revocations), unexpired tokens, the record of writes and the clock's offset. Faults, rate-limit
// windows and request counts are a test's or a minute's business and start afresh.
// Saved atomically (temporary file, fsync, rename), debounced after changes; a file that cannot be
// read back is set aside with a warning and the sandbox starts from its seed.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SandboxConnection, SandboxState } from './state';
import { TABLE_NAMES, TenantData, type TenantSnapshot } from './tenant-data';
import type { IssuedToken } from './tokens';
import type { RecordedWrite } from './writes';

/** Bumped when the file's shape changes; an older file is set aside, not misread. */
export const STATE_FILE_VERSION = 1;

const tableRows = z.array(z.tuple([z.looseObject({ id: z.number() }), z.number()]));
const tenantSnapshot = z.object({
  tenantId: z.number().int(),
  name: z.string(),
  utcOffsetHours: z.number(),
  integrationUserId: z.number().int(),
  lastId: z.number().int(),
  lastJobNumber: z.number().int(),
  changeCounter: z.number().int(),
  tables: z.object(Object.fromEntries(TABLE_NAMES.map((name) => [name, tableRows])) as Record<(typeof TABLE_NAMES)[number], typeof tableRows>),
});
const snapshotSchema = z.object({
  version: z.literal(STATE_FILE_VERSION),
  savedAt: z.string(),
  clockOffsetMs: z.number().min(0),
  apps: z.array(z.object({ name: z.string(), appKey: z.string(), scopes: z.array(z.string()) })),
  connections: z.array(
    z.object({
      tenantId: z.number().int(),
      appKey: z.string(),
      clientId: z.string(),
      clientSecret: z.string(),
      accessMode: z.enum(['no_restrictions', 'booking_provider', 'not_connected']),
      bookingProviderId: z.number().int().optional(),
      credentialsRevoked: z.boolean(),
    }),
  ),
  tenants: z.array(tenantSnapshot),
  tokens: z.array(z.object({ value: z.string(), tenantId: z.number(), clientId: z.string(), appKey: z.string(), expiresAt: z.number(), revoked: z.boolean() })),
  writes: z.object({ seq: z.number().int(), writes: z.array(z.looseObject({ seq: z.number().int() })) }),
});

export interface SandboxSnapshot {
  version: typeof STATE_FILE_VERSION;
  savedAt: string;
  clockOffsetMs: number;
  apps: { name: string; appKey: string; scopes: string[] }[];
  connections: SandboxConnection[];
  tenants: TenantSnapshot[];
  tokens: IssuedToken[];
  writes: { seq: number; writes: RecordedWrite[] };
}

export function snapshotOf(state: SandboxState): SandboxSnapshot {
  return {
    version: STATE_FILE_VERSION,
    savedAt: new Date().toISOString(),
    clockOffsetMs: state.clock.offset,
    apps: [...state.apps.values()].map((app) => ({ name: app.name, appKey: app.appKey, scopes: [...app.scopes] })),
    connections: state.connections.map((c) => ({ ...c })),
    tenants: [...state.tenants.values()].map((tenant) => tenant.data.snapshot()),
    tokens: state.tokens.dump(state.clock.now()),
    writes: state.writes.dump(),
  };
}

/** Replaces the state's apps, tenants, connections, tokens and writes with a snapshot's. */
export function restoreInto(state: SandboxState, snapshot: SandboxSnapshot): void {
  state.clock.advance(Math.max(0, snapshot.clockOffsetMs - state.clock.offset));
  state.apps.clear();
  for (const app of snapshot.apps) state.apps.set(app.appKey, { name: app.name, appKey: app.appKey, scopes: new Set(app.scopes) });
  state.tenants.clear();
  for (const tenant of snapshot.tenants) {
    state.tenants.set(tenant.tenantId, { id: tenant.tenantId, name: tenant.name, data: TenantData.fromSnapshot(tenant) });
  }
  state.connections = snapshot.connections.map((c) => ({ ...c }));
  state.tokens.load(snapshot.tokens);
  state.writes.load(snapshot.writes);
}

export type LoadOutcome = { kind: 'fresh' } | { kind: 'loaded'; savedAt: string } | { kind: 'set-aside'; reason: string; movedTo: string };

export interface StateFileOptions {
  /** Quiet time after the last change before saving. */
  debounceMs?: number;
  /** A save happens at the latest this long after the first unsaved change, however busy. */
  maxDelayMs?: number;
  /** Where warnings go (a save that failed). */
  warn?: (message: string) => void;
}

export class SandboxStateFile {
  private timer?: NodeJS.Timeout;
  private firstUnsavedAt?: number;
  private readonly debounceMs: number;
  private readonly maxDelayMs: number;
  private readonly warn: (message: string) => void;

  constructor(
    readonly file: string,
    private readonly state: SandboxState,
    options: StateFileOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 2000;
    this.warn = options.warn ?? ((message) => console.warn(message));
  }

  /** Loads the file into the state if there is one. An unreadable file is moved aside. */
  load(): LoadOutcome {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'fresh' };
      throw err;
    }
    let reason: string;
    try {
      const parsed = snapshotSchema.safeParse(JSON.parse(text));
      if (parsed.success) {
        // The schema checks the frame (and each row's id); rows are the sandbox's own, written by snapshotOf.
        restoreInto(this.state, parsed.data as unknown as SandboxSnapshot);
        return { kind: 'loaded', savedAt: parsed.data.savedAt };
      }
      const issue = parsed.error.issues[0];
      reason = `${issue?.path.join('.') || 'file'}: ${issue?.message}`;
    } catch (err) {
      reason = (err as Error).message;
    }
    const movedTo = `${this.file}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(this.file, movedTo);
    return { kind: 'set-aside', reason, movedTo };
  }

  /** Something changed: save soon (debounced, but never later than maxDelayMs after the first change). */
  changed(): void {
    const now = Date.now();
    this.firstUnsavedAt ??= now;
    const wait = Math.max(0, Math.min(this.debounceMs, this.firstUnsavedAt + this.maxDelayMs - now));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.saveNow(), wait);
  }

  /** Saves at once if anything is unsaved (on shutdown). */
  flush(): void {
    if (this.firstUnsavedAt !== undefined) this.saveNow();
  }

  saveNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.firstUnsavedAt = undefined;
    try {
      writeAtomically(this.file, JSON.stringify(snapshotOf(this.state)));
    } catch (err) {
      // The sandbox keeps serving; the next change tries again.
      this.warn(`could not save the sandbox state to ${this.file}: ${(err as Error).message}`);
    }
  }
}

function writeAtomically(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}
