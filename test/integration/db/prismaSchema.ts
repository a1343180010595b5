/**
 * The database shape a Prisma schema implies (Postgres), from a small parser of schema.prisma,
 * and the same shape read back from a live database, so a test can compare the two.
 * Covers the schema features this project uses; an unknown field type fails loudly.
 */
import type pg from 'pg';

/** Tables, columns, keys, indexes and enums, normalised for comparison. */
export interface DbShape {
  enums: Record<string, string[]>;
  tables: Record<string, TableShape>;
}

export interface TableShape {
  /** column -> `type`, `type NULL`, with ` DEFAULT` when the database supplies a default. */
  columns: Record<string, string>;
  primaryKey: string[];
  /** Unique indexes other than the primary key, as `a,b`, sorted. */
  unique: string[];
  /** Non-unique indexes, as `a,b`, sorted. */
  indexes: string[];
  /** `a,b -> table(x,y) ON DELETE rule ON UPDATE rule`, sorted. */
  foreignKeys: string[];
}

const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'int4',
  BigInt: 'int8',
  Float: 'float8',
  Boolean: 'bool',
  DateTime: 'timestamp(3)',
  Bytes: 'bytea',
  Json: 'jsonb',
  Decimal: 'numeric',
};
/** @default() functions evaluated by Prisma Client, not the database. */
const CLIENT_DEFAULTS = /^(cuid|uuid|nanoid|ulid)\(/;
const REFERENTIAL_ACTIONS: Record<string, string> = {
  Cascade: 'CASCADE',
  Restrict: 'RESTRICT',
  NoAction: 'NO ACTION',
  SetNull: 'SET NULL',
  SetDefault: 'SET DEFAULT',
};

interface Block {
  kind: 'model' | 'enum';
  name: string;
  lines: string[];
}

/** Parses schema.prisma into the shape its migrations must produce. */
export function shapeFromPrismaSchema(source: string): DbShape {
  const blocks = parseBlocks(source);
  const enumDbNames = new Map(blocks.filter((b) => b.kind === 'enum').map((b) => [b.name, mapName(b.lines) ?? b.name]));
  const models = blocks.filter((b) => b.kind === 'model');
  const tableOf = new Map(models.map((m) => [m.name, mapName(m.lines) ?? m.name]));
  const shape: DbShape = { enums: {}, tables: {} };

  for (const block of blocks.filter((b) => b.kind === 'enum')) {
    shape.enums[enumDbNames.get(block.name)!] = block.lines.filter((l) => !l.startsWith('@@')).map((l) => l.split(/\s+/)[0]!);
  }

  for (const model of models) {
    const columnOf = new Map<string, string>();
    const table: TableShape = { columns: {}, primaryKey: [], unique: [], indexes: [], foreignKeys: [] };
    const fieldLines = model.lines.filter((l) => !l.startsWith('@@'));
    for (const line of fieldLines) {
      const [, name, type, modifier = ''] = /^(\w+)\s+(\w+)(\?|\[\])?/.exec(line) ?? [];
      if (!name || !type) throw new Error(`cannot parse field line in ${model.name}: ${line}`);
      const column = /@map\("([^"]+)"\)/.exec(line)?.[1] ?? name;
      columnOf.set(name, column);
      if (tableOf.has(type)) continue; // relation field, no column
      const sqlType = SCALAR_TYPES[type] ?? enumDbNames.get(type);
      if (!sqlType) throw new Error(`unsupported field type ${type} in ${model.name}.${name}`);
      const defaultArg = /@default\((.*)\)/.exec(line)?.[1];
      const dbDefault = defaultArg !== undefined && !CLIENT_DEFAULTS.test(defaultArg);
      // A scalar list (`String[]`) is a Postgres array, whose type name is the element's with `_`.
      table.columns[column] = `${modifier === '[]' ? '_' : ''}${sqlType}${modifier === '?' ? ' NULL' : ''}${dbDefault ? ' DEFAULT' : ''}`;
      if (/@id\b/.test(line)) table.primaryKey = [column];
      if (/@unique\b/.test(line)) table.unique.push(column);
    }
    const cols = (list: string) => list.split(',').map((f) => columnOf.get(f.trim()) ?? f.trim()).join(',');
    for (const line of fieldLines) {
      const relation = /@relation\((.*)\)/.exec(line)?.[1];
      const fields = relation && /fields:\s*\[([^\]]+)\]/.exec(relation)?.[1];
      if (!relation || !fields) continue;
      const target = line.split(/\s+/)[1]!.replace('?', '');
      const targetModel = models.find((m) => m.name === target)!;
      const targetColumns = (/references:\s*\[([^\]]+)\]/.exec(relation)?.[1] ?? '')
        .split(',')
        .map((f) => columnOfField(targetModel, f.trim()))
        .join(',');
      const optional = /^\w+\s+\w+\?/.test(line);
      const onDelete = REFERENTIAL_ACTIONS[/onDelete:\s*(\w+)/.exec(relation)?.[1] ?? (optional ? 'SetNull' : 'Restrict')];
      const onUpdate = REFERENTIAL_ACTIONS[/onUpdate:\s*(\w+)/.exec(relation)?.[1] ?? 'Cascade'];
      table.foreignKeys.push(`${cols(fields)} -> ${tableOf.get(target)}(${targetColumns}) ON DELETE ${onDelete} ON UPDATE ${onUpdate}`);
    }
    for (const line of model.lines.filter((l) => l.startsWith('@@'))) {
      const list = /\[([^\]]+)\]/.exec(line)?.[1];
      if (line.startsWith('@@id')) table.primaryKey = cols(list!).split(',');
      else if (line.startsWith('@@unique')) table.unique.push(cols(list!));
      else if (line.startsWith('@@index')) table.indexes.push(cols(list!));
    }
    table.unique.sort();
    table.indexes.sort();
    table.foreignKeys.sort();
    shape.tables[tableOf.get(model.name)!] = table;
  }
  return shape;
}

function columnOfField(model: Block, field: string): string {
  const line = model.lines.find((l) => l.split(/\s+/)[0] === field);
  return (line && /@map\("([^"]+)"\)/.exec(line)?.[1]) ?? field;
}

function mapName(lines: string[]): string | undefined {
  return lines.map((l) => /^@@map\("([^"]+)"\)/.exec(l)?.[1]).find(Boolean);
}

function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const raw of source.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    const open = /^(model|enum|generator|datasource)\s+(\w+)\s*\{$/.exec(line);
    if (open) {
      current = { kind: open[1] as Block['kind'], name: open[2]!, lines: [] };
      if (open[1] === 'model' || open[1] === 'enum') blocks.push(current);
    } else if (line === '}') current = null;
    else current?.lines.push(line);
  }
  return blocks;
}

/** Reads the shape of the `public` schema of a live database (bookkeeping tables excluded). */
export async function shapeFromDatabase(client: pg.ClientBase): Promise<DbShape> {
  const shape: DbShape = { enums: {}, tables: {} };
  const enums = await client.query<{ name: string; label: string }>(`
    SELECT t.typname AS name, e.enumlabel AS label FROM pg_enum e
    JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder`);
  for (const row of enums.rows) (shape.enums[row.name] ??= []).push(row.label);

  const columns = await client.query<{ table_name: string; column_name: string; udt_name: string; is_nullable: string; column_default: string | null; datetime_precision: number | null }>(`
    SELECT table_name, column_name, udt_name, is_nullable, column_default, datetime_precision
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
    ORDER BY table_name, ordinal_position`);
  for (const c of columns.rows) {
    const table = (shape.tables[c.table_name] ??= { columns: {}, primaryKey: [], unique: [], indexes: [], foreignKeys: [] });
    const type = c.udt_name === 'timestamp' ? `timestamp(${c.datetime_precision})` : c.udt_name;
    table.columns[c.column_name] = `${type}${c.is_nullable === 'YES' ? ' NULL' : ''}${c.column_default !== null ? ' DEFAULT' : ''}`;
  }

  const indexes = await client.query<{ table_name: string; columns: string; is_primary: boolean; is_unique: boolean }>(`
    SELECT t.relname AS table_name, i.indisprimary AS is_primary, i.indisunique AS is_unique,
      (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns
    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`);
  for (const ix of indexes.rows) {
    const table = shape.tables[ix.table_name]!;
    if (ix.is_primary) table.primaryKey = ix.columns.split(',');
    else (ix.is_unique ? table.unique : table.indexes).push(ix.columns);
  }

  const fks = await client.query<{ table_name: string; description: string }>(`
    SELECT t.relname AS table_name,
      (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum)
      || ' -> ' || r.relname || '(' ||
      (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
        JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum)
      || ') ON DELETE ' || ${actionSql('c.confdeltype')} || ' ON UPDATE ' || ${actionSql('c.confupdtype')} AS description
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE c.contype = 'f' AND n.nspname = 'public'`);
  for (const fk of fks.rows) shape.tables[fk.table_name]!.foreignKeys.push(fk.description);

  for (const table of Object.values(shape.tables)) {
    table.unique.sort();
    table.indexes.sort();
    table.foreignKeys.sort();
  }
  return shape;
}

function actionSql(column: string): string {
  return `CASE ${column} WHEN 'c' THEN 'CASCADE' WHEN 'r' THEN 'RESTRICT' WHEN 'a' THEN 'NO ACTION' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END`;
}
