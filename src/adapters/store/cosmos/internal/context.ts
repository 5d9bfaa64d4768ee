import type { Container, ErrorResponse, JSONObject } from '@azure/cosmos';
import { StoreError } from '../../../../application/store-error';
import type { ContainerName } from './containers';
import { CreateConflict, createPointBatcher, type PointBatcher } from './point-batch';

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
  /** A point read; reads arriving together share a bulk request (point-batch.ts). */
  read<T>(name: ContainerName, id: string, partition: string): Promise<{ doc: Doc<T>; etag: string } | undefined>;
  /** A create that fails with code 409 when the id exists; creates arriving together share a bulk request. */
  create(name: ContainerName, body: Doc<unknown>, partition: string): Promise<void>;
  /**
   * Replaces a document If-Match `etag` (the one read): false when another writer got there
   * first (412) or it is gone (404); replaces arriving together share a bulk request.
   */
  replaceIf(name: ContainerName, body: Doc<unknown>, partition: string, etag: string): Promise<boolean>;
  query<T>(name: ContainerName, text: string, parameters: Record<string, unknown>, partition?: string): Promise<T[]>;
  remove(name: ContainerName, id: string, partition: string): Promise<boolean>;
  /** Counts one operation's request charge; `requests`, its share of the HTTP requests (1 when alone). */
  count<R extends { requestCharge?: number }>(response: R, requests?: number): R;
  conflict(error: unknown): boolean;
  /**
   * A claim: creates `body` if no document has its id. True to exactly one caller however many
   * race; false (409) when the id is taken. Its request charge is counted either way.
   */
  createOnce(name: ContainerName, body: Doc<unknown>): Promise<boolean>;
  /**
   * Replaces a document (partitioned by its id, with a top-level `version`) only if the stored
   * version is `expectedVersion`, If-Match the etag read: false when another writer got there first.
   */
  replaceIfVersion(name: ContainerName, id: string, expectedVersion: number, body: Doc<unknown>): Promise<boolean>;
}

/** What the opener hands over: its containers, its RU counter, and how it reports a closed store or a failure. */
export interface CosmosContextParts {
  readonly container: (name: ContainerName) => Container;
  readonly count: <R extends { requestCharge?: number }>(response: R, requests?: number) => R;
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
  const batchers = new Map<ContainerName, PointBatcher>();
  const batcher = (name: ContainerName): PointBatcher => {
    let b = batchers.get(name);
    if (!b) {
      const container = c(name);
      b = createPointBatcher({
        bulk: (operations) => container.items.bulk(operations, { continueOnError: true }),
        pointRead: async (id, partition) => {
          const response = await container.item(id, partition).read<JSONObject>();
          return { resource: response.resource, etag: response.etag, requestCharge: response.requestCharge };
        },
        pointCreate: (body) => container.items.create(body), // the partition key is in the body
        pointReplace: async (id, partition, body, ifMatch) => {
          try {
            const response = await container.item(id, partition).replace(body, { accessCondition: { type: 'IfMatch', condition: ifMatch } });
            return { replaced: true, requestCharge: response.requestCharge };
          } catch (error) {
            const refused = error as ErrorResponse;
            if (refused.code === 412 || refused.code === 404) return { replaced: false, requestCharge: refused.requestCharge };
            throw error;
          }
        },
      });
      batchers.set(name, b);
    }
    return b;
  };
  const read = async <T>(name: ContainerName, id: string, partition: string): Promise<{ doc: Doc<T>; etag: string } | undefined> => {
    const { value, requestCharge, requests } = await batcher(name).read(id, partition);
    count({ requestCharge }, requests);
    return value ? { doc: value.resource as unknown as Doc<T>, etag: value.etag } : undefined;
  };
  const create = async (name: ContainerName, body: Doc<unknown>, partition: string): Promise<void> => {
    try {
      const { requestCharge, requests } = await batcher(name).create(body as unknown as JSONObject, partition);
      count({ requestCharge }, requests);
    } catch (error) {
      if (error instanceof CreateConflict) count({ requestCharge: error.requestCharge }, error.requests);
      throw error;
    }
  };
  const replaceIf = async (name: ContainerName, body: Doc<unknown>, partition: string, etag: string): Promise<boolean> => {
    const { value, requestCharge, requests } = await batcher(name).replace(body.id, partition, body as unknown as JSONObject, etag);
    count({ requestCharge }, requests);
    return value;
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
  const createOnce = async (name: ContainerName, body: Doc<unknown>): Promise<boolean> => {
    try {
      count(await c(name).items.create(body));
      return true;
    } catch (error) {
      const refused = error as ErrorResponse;
      if (refused.code !== 409) throw error;
      count({ requestCharge: refused.requestCharge });
      return false;
    }
  };
  const conflict = (error: unknown) => [409, 412].includes((error as ErrorResponse).code as number);
  const replaceIfVersion = async (name: ContainerName, id: string, expectedVersion: number, body: Doc<unknown>): Promise<boolean> => {
    const current = await read<unknown>(name, id, id);
    if (!current || current.doc.version !== expectedVersion) return false;
    return replaceIf(name, body, id, current.etag);
  };
  return { c, guard, read, create, createOnce, replaceIf, query, remove, count, conflict, replaceIfVersion };
}
