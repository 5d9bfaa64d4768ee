import type { SendFailure } from '../../domain/delivery';
import { PulseError } from '../../domain/errors';

/** A send that Teams refused or that failed, classified for the outbox. */
export class SendError extends PulseError {
  constructor(
    readonly failure: SendFailure,
    options?: { cause?: unknown },
  ) {
    super('ahp_pulse_send_failed', failure.kind === 'throttled' ? 'throttled by Teams (429)' : failure.reason, options);
    this.name = 'SendError';
  }
}
