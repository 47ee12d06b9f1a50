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
