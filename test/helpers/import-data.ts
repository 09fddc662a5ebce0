import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import type { ImportTargetConfig } from '../../src/config/defaults.ts';
import { postgresUrl } from './postgres.ts';

// Fixtures of the import tests: a `people` table in a real SQLite file and in a schema of its own on
// the test PostgreSQL server, the target configuration for it, and generated files (CSV and JSONL)
// with a known set of bad rows of several kinds, so a test knows exactly which rows must land and
// which must be rejected, on which line and why.

export const PEOPLE_SCHEMA = {
  type: 'object',
  required: ['email', 'name'],
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 100 },
    name: { type: 'string', minLength: 1, maxLength: 40 },
    age: { type: 'integer', minimum: 0, maximum: 200 },
    active: { type: 'boolean' },
    note: { type: 'string', maxLength: 200 },
  },
};

/** `name` goes to the column `full_name` (the `columns` map); age 99 is refused by a CHECK in the database. */
const PEOPLE_DDL = (table: string, keyed: boolean) => `CREATE TABLE ${table} (
  email TEXT NOT NULL${keyed ? ' UNIQUE' : ''},
  full_name TEXT NOT NULL,
  age INTEGER CHECK (age IS NULL OR age <> 99),
  active BOOLEAN,
  note TEXT
)`;

export function peopleTarget(database: string, table: string, options: { keyed?: boolean; chunkRows?: number } = {}): ImportTargetConfig {
  return {
    database,
    table,
    schema: PEOPLE_SCHEMA,
    columns: { name: 'full_name' },
    ...(options.keyed === false ? {} : { key: ['email'] }),
    ...(options.chunkRows ? { chunkRows: options.chunkRows } : {}),
  };
}

/** The parts of a task document these tests read. */
export interface ImportDoc {
  status: string;
  progress?: { message?: string; current?: number; total?: number };
  result?: { rows: number; inserted: number; updated: number; rejected: number; rejectedFile: string | null };
  error?: { detail?: string };
  attempts: { count: number; max: number };
}

export interface TargetFixture {
  /** The `databases` entry: a SQLite path or a postgres:// URL. */
  location: string;
  /** Table name as configured (`schema.people` on PostgreSQL). */
  table(name: string): string;
  create(name: string, keyed?: boolean): Promise<void>;
  /** Rows ordered by email, as plain values (`active` as true/false/null). */
  rows(name: string): Promise<PersonRow[]>;
  query(sql: string): Promise<Record<string, unknown>[]>;
  drop(): Promise<void>;
}

export interface PersonRow {
  email: string;
  full_name: string;
  age: number | null;
  active: boolean | null;
  note: string | null;
}

const normalise = (r: Record<string, unknown>): PersonRow => ({
  email: String(r.email),
  full_name: String(r.full_name),
  age: r.age === null ? null : Number(r.age),
  active: r.active === null ? null : r.active === true || r.active === 1 || r.active === 1n,
  note: r.note === null ? null : String(r.note),
});

export async function sqliteTarget(): Promise<TargetFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'offload-import-target-'));
  const location = join(dir, 'target.db');
  const db = new DatabaseSync(location);
  db.exec('PRAGMA journal_mode = WAL');
  const fixture: TargetFixture = {
    location,
    table: (name) => name,
    async create(name, keyed = true) {
      db.exec(PEOPLE_DDL(name, keyed));
    },
    async query(sql) {
      return db.prepare(sql).all() as Record<string, unknown>[];
    },
    async rows(name) {
      return (await fixture.query(`SELECT * FROM ${name} ORDER BY email`)).map(normalise);
    },
    async drop() {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}

export async function postgresTarget(): Promise<TargetFixture> {
  const url = (await postgresUrl())!;
  const schema = `import_target_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  const fixture: TargetFixture = {
    location: url,
    table: (name) => `${schema}.${name}`,
    async create(name, keyed = true) {
      await client.query(PEOPLE_DDL(`${schema}.${name}`, keyed));
    },
    async query(sql) {
      return (await client.query(sql)).rows as Record<string, unknown>[];
    },
    async rows(name) {
      return (await fixture.query(`SELECT * FROM ${schema}.${name} ORDER BY email COLLATE "C"`)).map(normalise);
    },
    async drop() {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
  return fixture;
}

/** The kinds of bad rows the generated files carry, one of every 100 rows, in turn. */
export const BAD_KINDS = ['wrong type', 'missing required field', 'too long', 'unparseable', 'unknown column', 'duplicate key', 'database'] as const;
export type BadKind = (typeof BAD_KINDS)[number];

/** How each kind's reason reads in the rejected-rows file. */
export const REASON_OF: Record<BadKind, { field: string; reason: RegExp }> = {
  'wrong type': { field: 'age', reason: /^wrong type: must be integer$/ },
  'missing required field': { field: 'name', reason: /^missing required field$/ },
  'too long': { field: 'name', reason: /^too long: more than 40 characters$/ },
  unparseable: { field: '', reason: /^(unparseable line|malformed JSON)/ },
  'unknown column': { field: 'nickname', reason: /^unknown column/ },
  'duplicate key': { field: 'email', reason: /^duplicate key: the same key as line \d+$/ },
  database: { field: '', reason: /^refused by the database: .*(CHECK|check)/ },
};

export interface GeneratedFile {
  bytes: Buffer;
  /** The rows that must land, by email. */
  good: Map<string, PersonRow>;
  /** Line → what is wrong with it. */
  bad: Map<number, BadKind>;
  rows: number;
}

const NOTES = ['plain', 'a, comma', 'a "quoted" word', 'two\nlines', 'unicode: é ü 漢字 😀', '=1+2 looks like a formula'];

/**
 * `count` rows; row i (1-based) is bad when i % 100 === 0 (kind by turn). In CSV the unknown-column
 * kind cannot exist (the header names the columns), so it is a broken quote there (unparseable).
 * `emailPrefix` lets an upsert file reuse emails of an earlier one.
 */
export function peopleFile(format: 'csv' | 'jsonl', count: number, options: { emailPrefix?: string; firstRow?: number; bad?: boolean; nameTag?: string } = {}): GeneratedFile {
  const prefix = options.emailPrefix ?? 'p';
  const first = options.firstRow ?? 1;
  const withBad = options.bad ?? true;
  const good = new Map<string, PersonRow>();
  const bad = new Map<number, BadKind>();
  const out: string[] = [];
  let line = 1;
  if (format === 'csv') {
    out.push('email,name,age,active,note\n');
    line = 2;
  }
  const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  for (let n = 0; n < count; n++) {
    const i = first + n;
    const person: PersonRow = {
      email: `${prefix}${i}@example.test`,
      full_name: `Person ${i}${options.nameTag ?? ''}`,
      age: i % 13 === 0 ? null : i % 90,
      active: i % 5 === 0 ? null : i % 2 === 0,
      note: i % 11 === 0 ? null : NOTES[i % NOTES.length]!,
    };
    let kind: BadKind | null = withBad && i % 100 === 0 ? BAD_KINDS[(i / 100) % BAD_KINDS.length]! : null;
    const fields: Record<string, unknown> = { email: person.email, name: person.full_name, age: person.age, active: person.active, note: person.note };
    let text: string;
    if (kind === 'wrong type') fields.age = 'abc';
    if (kind === 'missing required field') delete fields.name;
    if (kind === 'too long') fields.name = 'x'.repeat(41);
    if (kind === 'duplicate key') fields.email = `${prefix}${i - 1}@example.test`;
    if (kind === 'database') fields.age = 99;
    if (format === 'csv') {
      const cell = (v: unknown) => (v === null || v === undefined ? '' : csvCell(String(v)));
      text = [fields.email, fields.name, fields.age, fields.active, fields.note].map(cell).join(',');
      if (kind === 'unparseable') text += ',extra';
      if (kind === 'unknown column') text = `${person.email},Bro"ken,1,true,x`;
    } else {
      if (kind === 'unknown column') fields.nickname = 'Bob';
      const json = JSON.stringify(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null)));
      text = kind === 'unparseable' ? json.slice(0, -3) : json;
    }
    if (kind === 'unknown column' && format === 'csv') kind = 'unparseable';
    if (kind) bad.set(line, kind);
    else good.set(person.email, person);
    out.push(`${text}\n`);
    line += text.split('\n').length;
  }
  return { bytes: Buffer.from(out.join('')), good, bad, rows: count };
}
