import { type ErrorCode, PulseError } from '../domain/errors';

/**
 * A store that cannot be opened, read or written. Says which file or service, and what to do.
 * Every store implementation throws this, so use cases can tell a person "please try again"
 * without knowing which store is behind the port.
 */
export type StoreErrorCode = Extract<ErrorCode, `ahp_pulse_store_${string}`>;

export class StoreError extends PulseError {
  constructor(
    override readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'StoreError';
  }
}
