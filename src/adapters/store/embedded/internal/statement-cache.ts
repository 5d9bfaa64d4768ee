import type { DatabaseSync, StatementSync } from 'node:sqlite';

/**
 * Makes `db.prepare` remember what it compiled. node:sqlite compiles the SQL afresh on every
 * `prepare`, and the repositories prepare their statements where they use them (which keeps
 * each query beside its code): on the answer path that compiling was a large share of the
 * work. Every statement here is run to completion (`run`, `get`, `all`; nothing holds an open
 * `iterate`), so one compiled statement can serve every caller. The SQL is all fixed text, so
 * the cache stays small; it is bounded anyway.
 */
export function rememberStatements(db: DatabaseSync, limit = 500): void {
  const compile = db.prepare.bind(db);
  const compiled = new Map<string, StatementSync>();
  db.prepare = (sql: string): StatementSync => {
    let statement = compiled.get(sql);
    if (!statement) {
      statement = compile(sql);
      if (compiled.size >= limit) compiled.delete(compiled.keys().next().value!);
      compiled.set(sql, statement);
    }
    return statement;
  };
}
