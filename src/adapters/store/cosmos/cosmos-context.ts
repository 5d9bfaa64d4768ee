import type { Container } from '@azure/cosmos';
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
