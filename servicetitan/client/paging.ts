// Async iteration over ServiceTitan's two kinds of collections:
// - paged lists `{page, pageSize, hasMore, totalCount?, data}` (page from 1, pageSize ≤ 5000);
// - export feeds `{hasMore, continueFrom, data}`, resumed with `from=<continueFrom>`. Exports are
//   the consistent way to sync: page numbers shift when records change between requests, export
//   tokens do not, and the last token picks up only later changes.

export interface Page<T> {
  page: number;
  pageSize: number;
  hasMore: boolean;
  totalCount?: number | null;
  data: T[];
}

export interface ExportBatch<T> {
  hasMore: boolean;
  continueFrom: string;
  data: T[];
}

/** ServiceTitan's own default is 50; iterating in larger pages spends fewer rate-limited calls. */
export const DEFAULT_ITERATION_PAGE_SIZE = 500;
export const MAX_PAGE_SIZE = 5000;

export class PagedList<T> implements AsyncIterable<T> {
  constructor(
    private readonly fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
    private readonly pageSize: number = DEFAULT_ITERATION_PAGE_SIZE,
  ) {
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new RangeError(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    }
  }

  /** One page (from 1). */
  page(page = 1): Promise<Page<T>> {
    return this.fetchPage(page, this.pageSize);
  }

  async *pages(): AsyncGenerator<Page<T>> {
    for (let n = 1; ; n += 1) {
      const page = await this.fetchPage(n, this.pageSize);
      yield page;
      // An empty page that claims more would loop forever; stop instead.
      if (!page.hasMore || page.data.length === 0) return;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const page of this.pages()) yield* page.data;
  }

  async all(): Promise<T[]> {
    const items: T[] = [];
    for await (const item of this) items.push(item);
    return items;
  }
}

export class ExportFeed<T> implements AsyncIterable<T> {
  private token: string | undefined;

  constructor(
    private readonly fetchBatch: (from: string | undefined) => Promise<ExportBatch<T>>,
    from?: string,
  ) {
    this.token = from;
  }

  /**
   * Where the next sync should resume: after iterating, the `continueFrom` of the last batch.
   * Store it and pass it as `from` next time to receive only what changed since.
   */
  get continueFrom(): string | undefined {
    return this.token;
  }

  async *batches(): AsyncGenerator<ExportBatch<T>> {
    for (;;) {
      const batch = await this.fetchBatch(this.token);
      this.token = batch.continueFrom;
      yield batch;
      if (!batch.hasMore) return;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const batch of this.batches()) yield* batch.data;
  }
}
