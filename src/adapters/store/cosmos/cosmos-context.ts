import type { Container, ErrorResponse } from '@azure/cosmos';
import { StoreError } from '../../../application/store-error';
import type { ContainerName } from './cosmos-containers';

/** A document as stored: the safe Cosmos id, the partition key, and the domain object whole. */
export interface Doc<T> {
  id: string;
  doc: T;
  [key: string]: unknown;
}

/** What the Cosmos DB store's repositories share: containers, and reads and writes that count their RUs. */
export interface CosmosContext {
  c(name: ContainerName): Container;
  guard<T>(work: () => Promise<T>): Promise<T>;
  read<T>(name: ContainerName, id: string, partition: string): Promise<{ doc: Doc<T>; etag: string } | undefined>;
  query<T>(name: ContainerName, text: string, parameters: Record<string, unknown>, partition?: string): Promise<T[]>;
  remove(name: ContainerName, id: string, partition: string): Promise<boolean>;
  count<R extends { requestCharge?: number }>(response: R): R;
  conflict(error: unknown): boolean;
  /**
   * Replaces a document (partitioned by its id, with a top-level `version`) only if the stored
   * version is `expectedVersion`, If-Match the etag read: false when another writer got there first.
   */
  replaceIfVersion(name: ContainerName, id: string, expectedVersion: number, body: Doc<unknown>): Promise<boolean>;
}

/** What the opener hands over: its containers, its RU counter, and how it reports a closed store or a failure. */
export interface CosmosContextParts {
  readonly container: (name: ContainerName) => Container;
  readonly count: <R extends { requestCharge?: number }>(response: R) => R;
  readonly isClosed: () => boolean;
  readonly translate: (error: unknown) => Error;
  /** "Cosmos DB database … at …", for messages. */
  readonly where: string;
}

/** The reads and writes every Cosmos DB repository shares, each counting its request charge. */
export function createCosmosContext(parts: CosmosContextParts): CosmosContext {
  const c = parts.container;
  const count = parts.count;
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    if (parts.isClosed()) throw new StoreError('ahp_pulse_store_closed', `The ${parts.where} store is closed.`);
    try {
      return await work();
    } catch (error) {
      throw parts.translate(error);
    }
  };
  const read = async <T>(name: ContainerName, id: string, partition: string): Promise<{ doc: Doc<T>; etag: string } | undefined> => {
    const response = count(await c(name).item(id, partition).read<Doc<T>>());
    const etag = (response.resource as { _etag?: string } | undefined)?._etag ?? response.etag;
    return response.resource ? { doc: response.resource, etag } : undefined;
  };
  const query = async <T>(name: ContainerName, text: string, parameters: Record<string, unknown>, partition?: string): Promise<T[]> => {
    const response = count(
      await c(name)
        .items.query<T>(
          { query: text, parameters: Object.entries(parameters).map(([n, value]) => ({ name: n, value: value as never })) },
          partition === undefined ? {} : { partitionKey: partition },
        )
        .fetchAll(),
    );
    return response.resources;
  };
  const remove = async (name: ContainerName, id: string, partition: string): Promise<boolean> => {
    try {
      count(await c(name).item(id, partition).delete());
      return true;
    } catch (error) {
      if ((error as ErrorResponse).code === 404) return false;
      throw error;
    }
  };
  const conflict = (error: unknown) => [409, 412].includes((error as ErrorResponse).code as number);
  const replaceIfVersion = async (name: ContainerName, id: string, expectedVersion: number, body: Doc<unknown>): Promise<boolean> => {
    const current = await read<unknown>(name, id, id);
    if (!current || current.doc.version !== expectedVersion) return false;
    try {
      count(
        await c(name)
          .item(id, id)
          .replace(body, { accessCondition: { type: 'IfMatch', condition: current.etag } }),
      );
      return true;
    } catch (error) {
      if (conflict(error)) return false;
      throw error;
    }
  };
  return { c, guard, read, query, remove, count, conflict, replaceIfVersion };
}
