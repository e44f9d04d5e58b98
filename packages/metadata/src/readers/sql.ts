import { createRequire } from 'node:module';
import type { Parser as SqlParser } from 'node-sql-parser';
import { addField, asArray, isObject, makeField, makeResource, str } from '../field.js';
import type { CatalogueResource, Choice, MetadataInput, MetadataReader, ReadResult } from '../types.js';
import { familyIn } from '../vocabulary.js';


const createTable = /\bcreate\s+(?:(?:global\s+|local\s+)?(?:temporary\s+|temp\s+|unlogged\s+))?table\b/iu;

/** Offsets of words in the text, skipping `--` and block comments, for source positions of tables and columns. */
function lineOf(text: string, from: number, name: string): { line: number; column: number; offset: number } {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
  const re = new RegExp(`(?<![\\w])[\\["\`]?${escaped}[\\]"\`]?(?![\\w])`, 'iu');
  const rest = text.slice(from);
  const m = re.exec(rest);
  const offset = m ? from + m.index + (/^[[\]"`]/u.test(m[0]) ? 1 : 0) : from;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1, offset };
}

function columnName(col: unknown): string | undefined {
  if (!isObject(col)) return undefined;
  const c = col.column;
  if (typeof c === 'string') return c;
  if (isObject(c) && isObject(c.expr)) return str(c.expr.value);
  return undefined;
}

function checkChoices(check: unknown): Choice[] | undefined {
  const defs = isObject(check) ? asArray(check.definition) : [];
  for (const d of defs) {
    if (isObject(d) && d.operator === 'IN' && isObject(d.right)) {
      const values = asArray(d.right.value).flatMap((x) => (isObject(x) && (typeof x.value === 'string' || typeof x.value === 'number') ? [{ value: String(x.value), active: true }] : []));
      if (values.length) return values;
    }
  }
  return undefined;
}

type SqlBuild = { Parser: new () => SqlParser };
type Dialect = 'TransactSQL' | 'PostgresQL';
/**
 * node-sql-parser's dialect builds, one per dialect (the bundle of every dialect costs seconds to
 * load; each build is several megabytes of memory). They load only when a project has an SQL
 * export, and only the dialects its files need: `loadCatalogue` awaits {@link preloadSqlParser}
 * first (dynamic imports, which the Action's bundle keeps lazy too); a synchronous `catalogueOf`
 * without it falls back to `require`.
 */
const builds = new Map<Dialect, SqlBuild>();

async function importBuild(database: Dialect): Promise<SqlBuild> {
  // CommonJS, so the exports arrive as the default.
  const m = database === 'TransactSQL' ? await import('node-sql-parser/build/transactsql.js') : await import('node-sql-parser/build/postgresql.js');
  return (m as unknown as { default: SqlBuild }).default;
}

function loadedBuild(database: Dialect): SqlBuild {
  let b = builds.get(database);
  if (!b) {
    const require = createRequire(import.meta.url);
    b = require(database === 'TransactSQL' ? 'node-sql-parser/build/transactsql.js' : 'node-sql-parser/build/postgresql.js') as SqlBuild;
    builds.set(database, b);
  }
  return b;
}

const parsers = new Map<Dialect, SqlParser>();
/** One dialect's parser, made on first use. */
function parserFor(database: Dialect): SqlParser {
  let p = parsers.get(database);
  if (!p) {
    p = new (loadedBuild(database)).Parser();
    parsers.set(database, p);
  }
  return p;
}

/** The dialect a file reads as first: T-SQL where it shows its marks, Postgres otherwise. */
function dialects(text: string): readonly [Dialect, Dialect] {
  return /\bnvarchar\b|\bidentity\b|\[dbo\]|\bdatetime2\b|^\s*go\s*$/imu.test(text) ? ['TransactSQL', 'PostgresQL'] : ['PostgresQL', 'TransactSQL'];
}

function clean(text: string): string {
  // T-SQL batches end with GO lines; blank them so line numbers stay true.
  return text.replace(/^[ \t]*go[ \t]*;?[ \t]*$/gimu, ';').replace(/\bWITH\s*\(\s*(?:DATA_COMPRESSION|PAD_INDEX|FILLFACTOR)[^)]*\)/giu, (m) => ' '.repeat(m.length));
}

/** Statements parsed ahead by {@link preloadSqlParser}, by cleaned text; taken (and forgotten) by the reader. */
const parsedAhead = new Map<string, unknown[]>();

/**
 * Loads the dialect builds the given SQL texts need (each file's likely dialect, and the other
 * only for a file that the first cannot parse), parsing each text once on the way; with no texts,
 * both. `loadCatalogue` calls it when the project has an SQL file.
 */
export async function preloadSqlParser(texts?: readonly string[]): Promise<void> {
  if (texts === undefined) {
    for (const d of ['PostgresQL', 'TransactSQL'] as const) if (!builds.has(d)) builds.set(d, await importBuild(d));
    return;
  }
  for (const text of texts) {
    const cleaned = clean(text);
    for (const database of dialects(text)) {
      if (!builds.has(database)) builds.set(database, await importBuild(database));
      try {
        const ast: unknown = parserFor(database).astify(cleaned, { database });
        parsedAhead.set(cleaned, Array.isArray(ast) ? (ast as unknown[]) : [ast]);
        break;
      } catch {
        // The other dialect may read it; the reader reports the first dialect's error if neither does.
      }
    }
  }
}

function parse(text: string): unknown[] | { message: string; line: number; column: number } {
  const cleaned = clean(text);
  const ahead = parsedAhead.get(cleaned);
  if (ahead) {
    parsedAhead.delete(cleaned);
    return ahead;
  }
  let first: { message: string; line: number; column: number } | undefined;
  for (const database of dialects(text)) {
    try {
      const ast: unknown = parserFor(database).astify(cleaned, { database });
      return Array.isArray(ast) ? (ast as unknown[]) : [ast];
    } catch (e) {
      const loc = isObject(e) && isObject(e.location) && isObject(e.location.start) ? e.location.start : undefined;
      first ??= { message: `not valid ${database === 'TransactSQL' ? 'SQL Server' : 'Postgres'} DDL: ${e instanceof Error ? e.message.split('\n')[0] ?? '' : 'parse error'}`, line: typeof loc?.line === 'number' ? loc.line : 1, column: typeof loc?.column === 'number' ? loc.column : 1 };
    }
  }
  return first ?? { message: 'not valid DDL', line: 1, column: 1 };
}

function read(input: MetadataInput): ReadResult {
  const text = input.text ?? '';
  const parsed = parse(text);
  if (!Array.isArray(parsed)) return { resources: [], syntaxError: parsed };
  const resources: CatalogueResource[] = [];
  let cursor = 0;
  for (const stmt of parsed) {
    if (!isObject(stmt) || stmt.type !== 'create' || stmt.keyword !== 'table') continue;
    const t = asArray(stmt.table)[0];
    if (!isObject(t) || typeof t.table !== 'string') continue;
    const schema = str(t.db) ?? str(t.schema);
    const m = createTable.exec(text.slice(cursor));
    const stmtStart = m ? cursor + m.index : cursor;
    const at = lineOf(text, stmtStart, t.table);
    cursor = at.offset;
    const r = makeResource(t.table, 'table', 'sql', { file: input.file, line: at.line, column: at.column }, schema ? { name: `${schema}.${t.table}` } : {});
    const keys = new Set<string>();
    for (const def of asArray(stmt.create_definitions)) {
      if (!isObject(def) || def.resource !== 'constraint') continue;
      const kind = str(def.constraint_type)?.toLowerCase() ?? '';
      if (kind.includes('primary') || kind.includes('unique')) for (const c of asArray(def.definition)) {
        const n = columnName(c) ?? (isObject(c) ? str(c.column) : undefined);
        if (n) keys.add(n);
      }
    }
    for (const def of asArray(stmt.create_definitions)) {
      if (!isObject(def) || def.resource !== 'column') continue;
      const name = columnName(def.column);
      if (!name) continue;
      const d = isObject(def.definition) ? def.definition : {};
      const type = (str(d.dataType) ?? 'any').toLowerCase();
      const family = familyIn('sql', type) ?? familyIn('sqlAliases', type) ?? 'any';
      const identity = isObject(def.auto_increment) || /serial$/u.test(type) || def.generated !== undefined && def.generated !== null;
      const nullable = isObject(def.nullable) ? def.nullable.type !== 'not null' : true;
      const hasDefault = def.default_val !== undefined && def.default_val !== null;
      const primary = typeof def.primary_key === 'string' && def.primary_key !== '';
      const length = typeof d.length === 'number' && family === 'text' ? d.length : undefined;
      const choices = checkChoices(def.check);
      const pos = lineOf(text, at.offset, name);
      addField(r, makeField(name, type, family, { file: input.file, line: pos.line, column: pos.column }, {
        required: (!nullable || primary) && !hasDefault && !identity,
        ...(length !== undefined ? { maxLength: length } : {}),
        ...(choices ? { choices, restricted: true } : {}),
        writable: { create: !identity, update: !identity },
        key: primary || (typeof def.unique === 'string' && def.unique !== '') || keys.has(name),
      }));
    }
    resources.push(r);
  }
  return { resources };
}

/** SQL Server and Postgres `CREATE TABLE` DDL (`.sql`), parsed with node-sql-parser. */
export const sqlReader: MetadataReader = {
  id: 'sql-ddl',
  title: 'SQL CREATE TABLE DDL',
  recognises: (input) => input.syntax === 'sql' && createTable.test(input.text ?? ''),
  read,
};
