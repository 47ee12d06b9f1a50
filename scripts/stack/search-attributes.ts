// Our search attributes on a Temporal server that already has a namespace. The dev server's
// --search-attribute flags register them only when it creates its database: a `.data/` kept from
// an earlier version lacks the ones added since, and a workflow setting one it lacks fails its
// workflow tasks until it is there. So the launcher adds whatever is missing at every start, and
// `npm run temporal:setup` (scripts/temporal-setup.ts) does the same once for any other cluster.
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

const { IndexedValueType } = temporal.api.enums.v1;
const INDEXED_TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  TEXT: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** Adds the search attributes of workflows/search-attributes.ts the namespace lacks; returns their names. */
export async function addMissingSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
  const missing = SEARCH_ATTRIBUTES.filter((key) => !known.has(key.name));
  if (missing.length > 0) {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_TYPES[key.type]!])),
    });
  }
  return missing.map((key) => key.name);
}

/** addMissingSearchAttributes, retried while the server is a moment behind its port (the namespace not yet loaded). */
export async function ensureSearchAttributes(connection: Connection, namespace: string, attempts = 20, delayMs = 500): Promise<string[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await addMissingSearchAttributes(connection, namespace);
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
