/**
 * Errors the domain and use cases raise on purpose. Each has a stable code for logs and
 * tests, and a message that names the bad value and says what to do.
 */
export class PulseError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PulseError';
  }
}
