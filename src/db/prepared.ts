import type { CompiledQuery, QueryResult } from 'kysely';

/** A named hole in a query built once; see `prepareQuery`. */
class Placeholder {
  constructor(readonly name: string) {}
}

interface Executor {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/**
 * Builds and compiles a Kysely query once, with named placeholders for its values, and
 * returns a function that runs it with fresh values. For hot paths only: on SQLite,
 * building and compiling a query costs more than running it. The SQL still comes from
 * Kysely, so it stays correct for both dialects. Every value the query takes must come
 * from a placeholder (`p.name`), or be a constant of the query.
 *
 * @example
 * const findByEmail = prepareQuery(db, (p) => db.selectFrom('contacts').selectAll().where('email', '=', p.email));
 * const { rows } = await findByEmail(db, { email: 'a@example.com' });
 */
export function prepareQuery<Row>(
  _db: Executor,
  // biome-ignore lint/suspicious/noExplicitAny: a placeholder stands in for a value of any column type
  build: (p: Record<string, any>) => { compile(): CompiledQuery<Row> },
): (executor: Executor, values: Record<string, unknown>) => Promise<QueryResult<Row>> {
  const holes = new Proxy({}, { get: (_t, name) => new Placeholder(String(name)) });
  const compiled = build(holes).compile();
  const slots: { name?: string; value?: unknown }[] = compiled.parameters.map((p) =>
    p instanceof Placeholder ? { name: p.name } : { value: p },
  );
  return (executor, values) =>
    executor.executeQuery<Row>({
      ...compiled,
      parameters: slots.map((s) => (s.name === undefined ? s.value : values[s.name])),
    });
}

/**
 * A row for `insertInto(…).values(…)` whose every column is the placeholder of the same
 * name, for inserts prepared with `prepareQuery`.
 */
// biome-ignore lint/suspicious/noExplicitAny: placeholders stand in for values of any column type
export function placeholderRow<Row>(p: Record<string, any>, columns: readonly (keyof Row & string)[]): Row {
  return Object.fromEntries(columns.map((c) => [c, p[c]])) as Row;
}
