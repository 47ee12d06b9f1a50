// The migrations are hand-written SQL (Prisma's schema engine cannot run here), so this test is
// what keeps them and schema.prisma in step: every model, field, type, nullability, list,
// enum, unique constraint and index of the Prisma schema must exist in the migrated database,
// and the database must hold no table or column the schema does not know.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { PROJECT_ROOT } from '../../scripts/stack/tools';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const schemaWasm = require('@prisma/prisma-schema-wasm') as { get_dmmf(params: string): string };

interface DmmfField {
  name: string;
  dbName: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  type: string;
  nativeType: [string, string[]] | null;
  hasDefaultValue: boolean;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
  uniqueFields: string[][];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'normal' | 'unique' | 'fulltext';
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: { name: string; dbName: string | null; values: { name: string }[] }[]; indexes: DmmfIndex[] };
}

const dmmf: Dmmf = JSON.parse(
  schemaWasm.get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', readFileSync(path.join(PROJECT_ROOT, 'prisma', 'schema.prisma'), 'utf8')]] })),
);

/** Postgres udt_name Prisma uses for each scalar type (native type attributes take precedence). */
const SCALAR_UDT: Record<string, string> = {
  String: 'text',
  Boolean: 'bool',
  Int: 'int4',
  BigInt: 'int8',
  Float: 'float8',
  Decimal: 'numeric',
  DateTime: 'timestamp',
  Json: 'jsonb',
  Bytes: 'bytea',
};
const NATIVE_UDT: Record<string, string> = { Uuid: 'uuid', Timestamptz: 'timestamptz', Text: 'text', Integer: 'int4', BigInt: 'int8' };

function expectedUdt(field: DmmfField, enums: Map<string, string>): string {
  if (field.kind === 'enum') return enums.get(field.type) ?? field.type;
  if (field.nativeType) {
    const udt = NATIVE_UDT[field.nativeType[0]];
    if (!udt) throw new Error(`add native type ${field.nativeType[0]} to NATIVE_UDT`);
    return udt;
  }
  const udt = SCALAR_UDT[field.type];
  if (!udt) throw new Error(`add scalar type ${field.type} to SCALAR_UDT`);
  return udt;
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  is_nullable: 'YES' | 'NO';
  data_type: string;
  udt_name: string;
  datetime_precision: number | null;
}

describe('migrated database matches prisma/schema.prisma', () => {
  let db: Client;
  let columns: ColumnRow[];

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    columns = (
      await db.query<ColumnRow>(
        `SELECT table_name, column_name, is_nullable, data_type, udt_name, datetime_precision
           FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
      )
    ).rows;
  });
  afterAll(() => db.end());

  const enumDbNames = new Map(dmmf.datamodel.enums.map((e) => [e.name, e.dbName ?? e.name]));
  const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
  const columnOf = (field: DmmfField) => field.dbName ?? field.name;

  it.each(dmmf.datamodel.models.map((m) => [m.name, m] as const))('model %s: every field is a column of the right type and nullability', (_name, model) => {
    for (const field of model.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum')) {
      const column = columns.find((c) => c.table_name === tableOf(model) && c.column_name === columnOf(field));
      const where = `${model.name}.${field.name} (${tableOf(model)}.${columnOf(field)})`;
      expect({ where, exists: column !== undefined }).toEqual({ where, exists: true });
      if (!column) continue;
      const udt = expectedUdt(field, enumDbNames);
      // Prisma creates list columns as nullable arrays (`BIGINT[]`), whatever the field says.
      const expected = field.isList ? { where, udt: `_${udt}`, nullable: 'YES' } : { where, udt, nullable: field.isRequired ? 'NO' : 'YES' };
      expect({ where, udt: column.udt_name, nullable: column.is_nullable }).toEqual(expected);
      if (field.nativeType?.[0] === 'Timestamptz') {
        expect({ where, precision: column.datetime_precision }).toEqual({ where, precision: Number(field.nativeType[1][0] ?? 6) });
      }
    }
  });

  it('has no table or column that the schema does not declare', () => {
    const declared = new Set(
      dmmf.datamodel.models.flatMap((m) => m.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum').map((f) => `${tableOf(m)}.${columnOf(f)}`)),
    );
    const extra = columns.map((c) => `${c.table_name}.${c.column_name}`).filter((c) => !declared.has(c));
    expect(extra).toEqual([]);
  });

  it('has every enum with exactly its values', async () => {
    const { rows } = await db.query<{ typname: string; labels: string[] }>(
      `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    const actual = Object.fromEntries(rows.map((r) => [r.typname, r.labels]));
    const expected = Object.fromEntries(dmmf.datamodel.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.name)]));
    expect(actual).toEqual(expected);
  });

  it('has the primary keys, unique constraints and indexes the schema declares', async () => {
    const { rows } = await db.query<{ table: string; columns: string[]; is_unique: boolean; is_primary: boolean }>(
      `SELECT t.relname AS table, array_agg(a.attname ORDER BY k.ord)::text[] AS columns, ix.indisunique AS is_unique, ix.indisprimary AS is_primary
         FROM pg_index ix
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE t.relname <> '_prisma_migrations' AND ix.indpred IS NULL
        GROUP BY t.relname, ix.indexrelid, ix.indisunique, ix.indisprimary`,
    );
    const actual = rows.map((r) => `${r.table}(${r.columns.join(',')})${r.is_primary ? ' primary' : r.is_unique ? ' unique' : ''}`).sort();
    const models = new Map(dmmf.datamodel.models.map((m) => [m.name, m]));
    const expected = dmmf.datamodel.indexes
      .map((ix) => {
        const model = models.get(ix.model)!;
        const cols = ix.fields.map((f) => columnOf(model.fields.find((mf) => mf.name === f.name)!));
        const kind = ix.type === 'id' ? ' primary' : ix.type === 'unique' ? ' unique' : '';
        return `${tableOf(model)}(${cols.join(',')})${kind}`;
      })
      .sort();
    expect(actual).toEqual(expected);
  });

  it('names every partial index (which schema.prisma cannot declare) in a schema.prisma comment', async () => {
    const { rows } = await db.query<{ name: string }>(
      `SELECT i.relname AS name FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid
         JOIN pg_namespace n ON n.oid = i.relnamespace AND n.nspname = 'public' WHERE ix.indpred IS NOT NULL`,
    );
    const schemaText = readFileSync(path.join(PROJECT_ROOT, 'prisma', 'schema.prisma'), 'utf8');
    expect(rows.map((r) => r.name).filter((name) => !schemaText.includes(name))).toEqual([]);
  });
});
