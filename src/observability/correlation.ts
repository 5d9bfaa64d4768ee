import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * A correlation id for each turn and each delivery, carried through every await by
 * AsyncLocalStorage, so each log line of one piece of work says which it belongs to without
 * every function taking a logger of its own. The logger adds it to each line.
 */
const store = new AsyncLocalStorage<{ readonly correlationId: string }>();

export function withCorrelation<T>(correlationId: string, work: () => Promise<T>): Promise<T> {
  return store.run({ correlationId }, work);
}

export function newCorrelation(prefix: 'turn' | 'delivery'): string {
  return `${prefix}-${randomUUID()}`;
}

export function currentCorrelationId(): string | undefined {
  return store.getStore()?.correlationId;
}
