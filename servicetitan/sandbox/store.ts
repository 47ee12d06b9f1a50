// In-memory tables for one tenant. Every insert and update stamps the row with the tenant's next
// change number; export feeds page by it, so `continueFrom` resumes exactly after the last change
// a caller has seen, as ServiceTitan's export tokens do.
export interface Identified {
  id: number;
}

export class ChangeCounter {
  private value = 0;

  next(): number {
    this.value += 1;
    return this.value;
  }

  /** The last change number handed out (saved with the tenant, so export tokens stay valid). */
  get current(): number {
    return this.value;
  }

  restore(value: number): void {
    this.value = value;
  }
}

export class Table<Row extends Identified> {
  private readonly rows = new Map<number, Row>();
  private readonly changes = new Map<number, number>();

  constructor(private readonly counter: ChangeCounter) {}

  insert(row: Row): Row {
    if (this.rows.has(row.id)) throw new Error(`duplicate id ${row.id}`);
    this.rows.set(row.id, row);
    this.changes.set(row.id, this.counter.next());
    return row;
  }

  /** Replaces a row with `change(row)`; undefined when there is no such row. */
  update(id: number, change: (row: Row) => Row): Row | undefined {
    const row = this.rows.get(id);
    if (!row) return undefined;
    const next = change(row);
    this.rows.set(id, next);
    this.changes.set(id, this.counter.next());
    return next;
  }

  get(id: number): Row | undefined {
    return this.rows.get(id);
  }

  /** Rows in id order. */
  all(): Row[] {
    return [...this.rows.values()].sort((a, b) => a.id - b.id);
  }

  /** Every row with its change number, for saving the sandbox's state. */
  dump(): [row: Row, change: number][] {
    return [...this.rows.values()].map((row) => [row, this.changes.get(row.id) ?? 0]);
  }

  /** Replaces the table's contents with rows saved by dump(). */
  load(entries: [row: Row, change: number][]): void {
    this.rows.clear();
    this.changes.clear();
    for (const [row, change] of entries) {
      this.rows.set(row.id, row);
      this.changes.set(row.id, change);
    }
  }

  /** Rows changed after change number `after`, oldest change first, with their change numbers. */
  changedAfter(after: number): { row: Row; change: number }[] {
    const out: { row: Row; change: number }[] = [];
    for (const [id, change] of this.changes) {
      const row = this.rows.get(id);
      if (row && change > after) out.push({ row, change });
    }
    return out.sort((a, b) => a.change - b.change);
  }
}
