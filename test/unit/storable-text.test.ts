// "Text Postgres can store" (lib/storable-text.ts), the SQLSTATE reading behind the storage
// refusals (lib/db/sql-state.ts), and the API's last line of defence for a refusal it missed.
import type { Request, Response } from 'express';
import { z } from 'zod';
import { errorHandler } from '../../api/errors';
import { isStorageRefusal, sqlStateOf } from '../../lib/db/sql-state';
import { isStorableText, storableJson, storableText, toStorableText, unstorableJsonPaths } from '../../lib/storable-text';

describe('storableText', () => {
  it.each([
    ['plain text', 'Smart Maintenance Gold', true],
    ['other control characters (Postgres stores them)', 'tab\tbell\u0007esc\u001b', true],
    ['a surrogate pair (emoji)', 'cool 😎', true],
    ['NUL', 'a\u0000b', false],
    ['a lone high surrogate', 'a\ud800', false],
    ['a lone low surrogate', '\udc00b', false],
    ['a reversed pair', '\ude0e\ud83d', false],
  ])('%s', (_what, value, storable) => {
    expect(isStorableText(value)).toBe(storable);
    expect(storableText.safeParse(value).success).toBe(storable);
  });

  it('reports one issue per unstorable field, whatever else is chained', () => {
    const schema = z.object({
      id: storableText
        .trim()
        .min(1)
        .max(5)
        .regex(/^[a-z]+$/),
    });
    const result = schema.safeParse({ id: 'toolong\u0000' });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['id']]);
  });

  it('makes text of our own storable by replacing what Postgres cannot hold', () => {
    expect(toStorableText('Unrecognized key: "x\u0000" \ud800 😎')).toBe('Unrecognized key: "x\uFFFD" \uFFFD 😎');
  });

  it('finds every unstorable string and key inside free-form JSON', () => {
    const value = { ok: 'fine', list: ['x', 'y\u0000'], nested: { 'k\ud800': 1, deep: [{ v: '\udfff' }] } };
    expect(unstorableJsonPaths(value)).toEqual([
      ['list', 1],
      ['nested', 'k\ud800'],
      ['nested', 'deep', 0, 'v'],
    ]);
    expect(storableJson.safeParse(value).error?.issues.map((i) => i.path)).toHaveLength(3);
    expect(storableJson.safeParse({ a: [1, null, true, 'ok'] }).success).toBe(true);
  });
});

describe('sqlStateOf / isStorageRefusal', () => {
  const prismaError = (originalCode: string) =>
    Object.assign(new Error('Invalid `prisma.partner.create()` invocation'), {
      code: 'P2039',
      meta: { modelName: 'Partner', driverAdapterError: Object.assign(new Error('db'), { cause: { originalCode, kind: 'postgres' } }) },
    });

  it('reads the SQLSTATE from Prisma 7 (adapter-pg), pg, and errors wrapping them', () => {
    expect(sqlStateOf(prismaError('22021'))).toBe('22021');
    expect(sqlStateOf(Object.assign(new Error('pg'), { code: '22P05' }))).toBe('22P05');
    expect(sqlStateOf(new Error('wrapped', { cause: prismaError('23503') }))).toBe('23503');
    expect(sqlStateOf(Object.assign(new Error('prisma only'), { code: 'P2025' }))).toBeUndefined();
    expect(sqlStateOf(new Error('no code'))).toBeUndefined();
  });

  it('counts data exceptions and integrity violations, except a unique-key race', () => {
    expect(['22021', '22P05', '22P02', '22003', '23502', '23503', '23514'].map(isStorageRefusal)).toEqual([true, true, true, true, true, true, true]);
    expect(['23505', '40001', '57P01', '08006', undefined].map(isStorageRefusal)).toEqual([false, false, false, false, false]);
  });
});

describe('errorHandler', () => {
  it('answers 400 not_storable, not 500, when Postgres refused data a schema let through', () => {
    let status = 0;
    let body: unknown;
    const res = { set: () => res, status: (s: number) => ((status = s), res), json: (b: unknown) => ((body = b), res) } as unknown as Response;
    const req = { id: 'req-1', log: { error: () => undefined } } as unknown as Request;
    errorHandler(prismaLike('22021'), req, res, () => undefined);
    expect([status, (body as { error: { code: string } }).error.code]).toEqual([400, 'not_storable']);
    errorHandler(new Error('bug'), req, res, () => undefined);
    expect(status).toBe(500);
  });
});

function prismaLike(originalCode: string): Error {
  return Object.assign(new Error('prisma'), { code: 'P2039', meta: { driverAdapterError: { cause: { originalCode } } } });
}
