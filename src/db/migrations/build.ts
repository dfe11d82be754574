import type { Kysely } from 'kysely';

/** A column for `table`: name, type, and whether it may be null (not null unless `false`). */
export type Col = [name: string, type: 'text' | 'integer', notNull?: boolean];

/**
 * Creates a table from a compact column list; `key` is the primary key (one or more columns).
 * Migrations from 0500 on share these; earlier ones keep their own copies, since a landed
 * migration is never edited.
 */
export async function table(db: Kysely<unknown>, name: string, key: string[], cols: Col[]): Promise<void> {
  let builder = db.schema.createTable(name);
  for (const [col, type, notNull = true] of cols) {
    builder = builder.addColumn(col, type, (c) => (notNull ? c.notNull() : c));
  }
  await builder.addPrimaryKeyConstraint(`${name}_pk`, key as never[]).execute();
}

export async function index(db: Kysely<unknown>, name: string, on: string, columns: string[]) {
  await db.schema.createIndex(name).on(on).columns(columns).execute();
}
