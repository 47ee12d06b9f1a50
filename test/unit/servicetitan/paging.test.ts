import { ExportFeed, PagedList, type Page } from '../../../servicetitan/client';
import { parseRetryAfter } from '../../../servicetitan/client/retry-after';

describe('PagedList', () => {
  it('stops on an empty page even if ServiceTitan says there is more', async () => {
    const requested: number[] = [];
    const list = new PagedList<number>(async (page): Promise<Page<number>> => {
      requested.push(page);
      return { page, pageSize: 2, hasMore: true, data: page === 1 ? [1, 2] : [] };
    }, 2);
    expect(await list.all()).toEqual([1, 2]);
    expect(requested).toEqual([1, 2]);
  });

  it('refuses page sizes ServiceTitan does not allow', () => {
    const fetchPage = async (): Promise<Page<number>> => ({ page: 1, pageSize: 1, hasMore: false, data: [] });
    expect(() => new PagedList(fetchPage, 0)).toThrow(RangeError);
    expect(() => new PagedList(fetchPage, 5001)).toThrow(RangeError);
  });
});

describe('ExportFeed', () => {
  it('resumes from the token it was given and remembers the last one', async () => {
    const froms: (string | undefined)[] = [];
    const feed = new ExportFeed<string>(async (from) => {
      froms.push(from);
      return from === 'saved' ? { hasMore: false, continueFrom: 'next', data: ['changed'] } : { hasMore: false, continueFrom: 'x', data: [] };
    }, 'saved');
    const items: string[] = [];
    for await (const item of feed) items.push(item);
    expect(items).toEqual(['changed']);
    expect(froms).toEqual(['saved']);
    expect(feed.continueFrom).toBe('next');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');
  it('reads seconds and HTTP dates, and falls back to one second', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBe(1000);
    expect(parseRetryAfter('soon', now)).toBe(1000);
  });
});
