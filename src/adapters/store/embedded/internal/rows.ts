/**
 * The embedded store keeps each domain object whole, as JSON in a `body` column, beside the
 * columns it is found by. These two read it back: the one place a row becomes an object.
 */
export interface BodyRow {
  readonly body: string;
}

export function parseRow<T>(row: BodyRow): T {
  return JSON.parse(row.body) as T;
}

export function parseOptionalRow<T>(row: BodyRow | undefined): T | undefined {
  return row ? parseRow<T>(row) : undefined;
}

/** Runs a store call, turning SQLite's errors into StoreErrors that name the file (embedded/store.ts). */
export type Guard = <T>(work: () => T) => T;
