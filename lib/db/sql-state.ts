// Reading the Postgres SQLSTATE behind an error, whichever layer raised it, and telling whether
// Postgres refused the data itself (so the same request can never succeed).
//
// 23505 (unique violation) is not counted: in this service it is a race between two writers of
// the same row (an upsert losing to a concurrent insert), which the next attempt resolves.

/** The Postgres SQLSTATE behind an error, as pg raises it or as Prisma 7 (adapter-pg) wraps it. */
export function sqlStateOf(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  const visit = (e: unknown): string | undefined => {
    if (e === null || typeof e !== 'object' || seen.has(e)) return undefined;
    seen.add(e);
    const o = e as { code?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };
    // Prisma: meta.driverAdapterError.cause.originalCode; pg: code; Prisma's own codes are P + 4 digits.
    if (typeof o.originalCode === 'string' && /^[0-9A-Z]{5}$/.test(o.originalCode)) return o.originalCode;
    if (typeof o.code === 'string' && /^[0-9A-Z]{5}$/.test(o.code) && !/^P\d{4}$/.test(o.code)) return o.code;
    return visit(o.meta?.driverAdapterError) ?? visit(o.cause);
  };
  return visit(err);
}

export function isStorageRefusal(sqlState: string | undefined): boolean {
  return sqlState !== undefined && (sqlState.startsWith('22') || (sqlState.startsWith('23') && sqlState !== '23505'));
}
