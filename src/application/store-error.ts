/**
 * A store that cannot be opened, read or written. Says which file or service, and what to do.
 * Every store implementation throws this, so use cases can tell a person "please try again"
 * without knowing which store is behind the port.
 */
export class StoreError extends Error {
  constructor(
    readonly code: 'store_unavailable' | 'store_throttled' | 'store_corrupt' | 'store_unwritable' | 'store_schema_too_new' | 'store_not_ours' | 'store_closed',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}
