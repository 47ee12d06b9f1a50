// What an operation handler gets and returns, and the list and export-feed mechanics every
// collection shares (paging, includeTotal, sort, ids, active, created/modified ranges,
// from/continueFrom).
import type { ApiModule } from '../../openapi/modules';
import { badRequest } from '../problems';
import type { SandboxConnection } from '../state';
import type { Identified, Table } from '../store';
import type { TenantData } from '../tenant-data';
import type { WriteKind } from '../writes';

export interface HandlerContext {
  data: TenantData;
  connection: SandboxConnection;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The JSON body, already validated against the operation's request schema. */
  body: unknown;
  now: number;
  exportBatchSize: number;
}

export interface HandlerResult {
  status?: number;
  body?: unknown;
}

export interface OperationHandler {
  module: ApiModule;
  operationId: string;
  /**
   * Documented query parameters this handler honours besides the common list ones. A request
   * using any other documented parameter gets 501, so a test never passes on a filter the
   * sandbox silently ignored.
   */
  query?: string[];
  /** Recorded in the write log under this kind when it succeeds. */
  write?: WriteKind;
  handle(ctx: HandlerContext): HandlerResult;
}

/**
 * Honoured by list() and exportFeed() wherever the operation documents them. (`includeRecentChanges`
 * needs nothing: the sandbox has no indexing delay, every change is in the feed at once.)
 */
export const COMMON_QUERY = [
  'page',
  'pageSize',
  'includeTotal',
  'sort',
  'ids',
  'active',
  'createdBefore',
  'createdOnOrAfter',
  'modifiedBefore',
  'modifiedOnOrAfter',
  'from',
  'includeRecentChanges',
];

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 5000;

export function pathId(ctx: HandlerContext, name = 'id'): number {
  return Number(ctx.params[name]);
}

export function queryNumber(ctx: HandlerContext, name: string): number | undefined {
  const raw = ctx.query.get(name);
  return raw === null ? undefined : Number(raw);
}

export function queryTime(ctx: HandlerContext, name: string): number | undefined {
  const raw = ctx.query.get(name);
  return raw === null ? undefined : Date.parse(raw);
}

export function queryIds(ctx: HandlerContext, name = 'ids'): Set<number> | undefined {
  const raw = ctx.query.get(name);
  if (raw === null) return undefined;
  const ids = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (ids.some((n) => !Number.isSafeInteger(n))) throw badRequest(name, 'must be a comma-separated list of ids');
  if (ids.length > 50) throw badRequest(name, 'at most 50 ids');
  return new Set(ids);
}

interface Listable {
  id: number;
  active?: boolean;
  createdOn?: string;
  modifiedOn?: string;
}

/**
 * ServiceTitan's paged list over `rows` after the common filters: `active` defaults to True
 * where the operation has it, ids, created/modified ranges, `sort=+Field|-Field`.
 */
export function list<Row extends Listable>(
  ctx: HandlerContext,
  rows: Row[],
  present: (row: Row) => unknown = (row) => row,
  options: { active?: boolean } = {},
): HandlerResult {
  let out = commonFilters(ctx, rows, options.active ?? true);
  out = sorted(ctx, out);
  const page = queryNumber(ctx, 'page') ?? 1;
  const pageSize = queryNumber(ctx, 'pageSize') ?? DEFAULT_PAGE_SIZE;
  if (page < 1) throw badRequest('page', 'must be 1 or more');
  if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw badRequest('pageSize', `must be from 1 to ${MAX_PAGE_SIZE}`);
  const slice = out.slice((page - 1) * pageSize, page * pageSize);
  const includeTotal = ctx.query.get('includeTotal') === 'true';
  return {
    body: {
      page,
      pageSize,
      hasMore: out.length > page * pageSize,
      totalCount: includeTotal ? out.length : null,
      data: slice.map(present),
    },
  };
}

function commonFilters<Row extends Listable>(ctx: HandlerContext, rows: Row[], hasActive: boolean): Row[] {
  const ids = queryIds(ctx);
  const active = ctx.query.get('active') ?? (hasActive ? 'True' : 'Any');
  const createdBefore = queryTime(ctx, 'createdBefore');
  const createdOnOrAfter = queryTime(ctx, 'createdOnOrAfter');
  const modifiedBefore = queryTime(ctx, 'modifiedBefore');
  const modifiedOnOrAfter = queryTime(ctx, 'modifiedOnOrAfter');
  const time = (value: string | undefined): number => (value ? Date.parse(value) : 0);
  return rows.filter(
    (row) =>
      (!ids || ids.has(row.id)) &&
      (active === 'Any' || row.active === undefined || row.active === (active === 'True')) &&
      (createdBefore === undefined || time(row.createdOn) < createdBefore) &&
      (createdOnOrAfter === undefined || time(row.createdOn) >= createdOnOrAfter) &&
      (modifiedBefore === undefined || time(row.modifiedOn) < modifiedBefore) &&
      (modifiedOnOrAfter === undefined || time(row.modifiedOn) >= modifiedOnOrAfter),
  );
}

/** `?sort=+Name` / `-ModifiedOn` (a `+` arrives as a space when not percent-encoded). */
function sorted<Row extends Listable>(ctx: HandlerContext, rows: Row[]): Row[] {
  const raw = ctx.query.get('sort');
  if (!raw) return rows;
  const match = /^([ +-]?)([A-Za-z]+)$/.exec(raw);
  const field = match?.[2] ? match[2].charAt(0).toLowerCase() + match[2].slice(1) : '';
  if (!match || !rows.every((row) => field in row)) throw badRequest('sort', `cannot sort by ${raw.trim()}`);
  const direction = match[1] === '-' ? -1 : 1;
  const value = (row: Row): string | number => {
    const v = (row as unknown as Record<string, unknown>)[field];
    return typeof v === 'number' ? v : String(v ?? '');
  };
  return [...rows].sort((a, b) => (value(a) < value(b) ? -direction : value(a) > value(b) ? direction : 0));
}

const TOKEN_PREFIX = 'sbx1.';

/**
 * An export feed over `table`: changes in order, `exportBatchSize` at a time. `from` is either
 * a previous `continueFrom` or a date ("2024-01-01": records modified since then); without it
 * the feed starts at the beginning. Inactive records are included unless `active` says otherwise.
 */
export function exportFeed<Row extends Identified & { modifiedOn?: string }>(
  ctx: HandlerContext,
  table: Table<Row>,
  present: (row: Row) => unknown = (row) => row,
): HandlerResult {
  const from = ctx.query.get('from');
  let after = 0;
  let since: number | undefined;
  if (from?.startsWith(TOKEN_PREFIX)) {
    after = Number(Buffer.from(from.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8'));
    if (!Number.isSafeInteger(after) || after < 0) throw badRequest('from', 'is not a continuation token this feed issued');
  } else if (from) {
    since = Date.parse(from);
    if (Number.isNaN(since)) throw badRequest('from', 'must be a continuation token or a date');
  }
  // Exports return inactive records too unless `active` asks otherwise.
  const active = ctx.query.get('active') ?? 'Any';
  const scanned = table.changedAfter(after);
  const matching = scanned.filter(
    ({ row }) =>
      (since === undefined || Date.parse(row.modifiedOn ?? '') >= since) && (active === 'Any' || (row as { active?: boolean }).active === (active === 'True')),
  );
  const batch = matching.slice(0, ctx.exportBatchSize);
  const hasMore = matching.length > batch.length;
  // After the last batch, resume after everything scanned (matching or not).
  const last = hasMore ? (batch[batch.length - 1]?.change ?? after) : (scanned[scanned.length - 1]?.change ?? after);
  return {
    body: {
      hasMore,
      continueFrom: TOKEN_PREFIX + Buffer.from(String(last), 'utf8').toString('base64url'),
      data: batch.map(({ row }) => present(row)),
    },
  };
}
