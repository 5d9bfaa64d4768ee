/** A store that cannot be opened, read or written. Says which file or service, and what to do. */
export class StoreError extends Error {
  constructor(
    readonly code:
      | 'store_unavailable'
      | 'store_corrupt'
      | 'store_unwritable'
      | 'store_schema_too_new'
      | 'store_not_ours'
      | 'store_closed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}
