import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * A correlation id for each turn and each delivery, carried through every await by
 * AsyncLocalStorage, so each log line of one piece of work says which it belongs to without
 * every function taking a logger of its own. The logger adds it to each line.
 */
const store = new AsyncLocalStorage<{ readonly correlationId: string }>();

export function withCorrelation<T>(correlationId: string, work: () => Promise<T>): Promise<T> {
  return store.run({ correlationId }, work);
}

/** A new id: short enough for a person to read out to support (`turn-1a2b3c4d5e6f`), and unique enough for a log search. */
export function newCorrelation(prefix: 'turn' | 'delivery'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

export function currentCorrelationId(): string | undefined {
  return store.getStore()?.correlationId;
}

/**
 * The reference a person is shown when something fails: the turn's correlation id, which every
 * log line of that turn carries, so support finds the whole turn from it. Outside any turn
 * (which the endpoint never is) a fresh id, which the failure's own log line then carries.
 */
export function referenceForSupport(): string {
  return currentCorrelationId() ?? newCorrelation('turn');
}
