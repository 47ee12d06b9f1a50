// Every successful write our service makes to the sandbox, so tests and developers can see what
// was written (GET /__sandbox/tenants/:id/writes).
export const WRITE_KINDS = ['location-update', 'location-tag', 'customer-tag', 'job', 'job-update', 'job-note', 'booking', 'membership'] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

export interface RecordedWrite {
  seq: number;
  /** Sandbox-clock time of the write. */
  at: string;
  tenantId: number;
  clientId: string;
  kind: WriteKind;
  operationId: string;
  method: string;
  path: string;
  /** The JSON body sent, if any. */
  request: unknown;
  /** What the sandbox answered (undefined for empty 200s). */
  response: unknown;
}

export class WriteLog {
  private readonly writes: RecordedWrite[] = [];
  private seq = 0;

  record(write: Omit<RecordedWrite, 'seq'>): void {
    this.seq += 1;
    this.writes.push({ ...write, seq: this.seq });
  }

  list(filter: { tenantId?: number; kind?: WriteKind } = {}): RecordedWrite[] {
    return this.writes.filter(
      (w) => (filter.tenantId === undefined || w.tenantId === filter.tenantId) && (filter.kind === undefined || w.kind === filter.kind),
    );
  }

  clear(): void {
    this.writes.length = 0;
  }

  dump(): { seq: number; writes: RecordedWrite[] } {
    return { seq: this.seq, writes: [...this.writes] };
  }

  load(saved: { seq: number; writes: RecordedWrite[] }): void {
    this.writes.length = 0;
    this.writes.push(...saved.writes);
    this.seq = saved.seq;
  }
}
