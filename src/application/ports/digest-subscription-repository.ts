import type { DigestSubscription } from '../../domain/publication';

/** Staff who asked for the digest in their personal chat. */
export interface DigestSubscriptionRepository {
  save(subscription: DigestSubscription): Promise<void>;
  /** Returns false when there was no such subscription. */
  remove(aadObjectId: string): Promise<boolean>;
  get(aadObjectId: string): Promise<DigestSubscription | undefined>;
  list(): Promise<DigestSubscription[]>;
}
