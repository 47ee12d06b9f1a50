// "Text Postgres can store", defined once and used by every schema at every edge (HTTP body, path,
// query, webhook, and the workflow's own validators for signals and updates from the Temporal UI).
// Postgres refuses NUL in text (22021) and in jsonb (22P05): a NUL that got past us would fail
// the write forever. An unpaired UTF-16 surrogate cannot be encoded in UTF-8 at all: text stores
// U+FFFD instead (the data silently changes) and jsonb refuses it. Both are refused at the edge.
// This module imports only zod so the workflow bundle can use it.
import { z } from 'zod';

/* eslint-disable no-control-regex -- NUL is exactly what this refuses. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/* eslint-enable no-control-regex */

export const UNSTORABLE_TEXT_MESSAGE = 'must not contain NUL characters or unpaired UTF-16 surrogates';

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/** `value` with every NUL and unpaired surrogate replaced by U+FFFD: for text we write ourselves (e.g. an issue message quoting a refused key). */
export function toStorableText(value: string): string {
  return value.replace(new RegExp(UNSTORABLE.source, 'g'), '\uFFFD');
}

/**
 * A string Postgres stores exactly as given; chain .trim(), .min(), .max(), .regex() as usual.
 * `abort`: an unstorable string is reported once, by this check alone (no regex or length issue
 * about the same characters, no refinement of an enclosing object running on it).
 */
export const storableText = z.string().refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE, abort: true });

/**
 * For free-form JSON headed for jsonb: the path of every string value or key Postgres cannot
 * store, so a schema can report each one (`.superRefine(storableJsonIssues)`).
 */
export function unstorableJsonPaths(value: unknown, path: (string | number)[] = [], found: (string | number)[][] = []): (string | number)[][] {
  if (typeof value === 'string') {
    if (!isStorableText(value)) found.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => unstorableJsonPaths(item, [...path, i], found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableText(key)) found.push([...path, key]);
      unstorableJsonPaths(item, [...path, key], found);
    }
  }
  return found;
}

/** superRefine callback: one issue per unstorable string or key anywhere inside the value. */
export function storableJsonIssues(value: unknown, ctx: z.RefinementCtx): void {
  for (const path of unstorableJsonPaths(value)) ctx.addIssue({ code: 'custom', message: UNSTORABLE_TEXT_MESSAGE, path });
}

/** Any JSON value whose strings and keys are all storable (for jsonb columns). */
export const storableJson = z.unknown().superRefine(storableJsonIssues);
