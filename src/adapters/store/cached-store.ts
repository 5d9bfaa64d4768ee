import type { Store } from '../../application/ports/store';
import type { Delivery } from '../../domain/delivery';
import type { Poll } from '../../domain/poll';
import type { Profile } from '../../domain/response';

/**
 * The reads every answer makes, from memory: the poll, whether it was posted in the channel
 * (a sent delivery), and the person's profile. Each entry lives a short while (another instance
 * may change the record), and is dropped at once when this instance changes it. So an answer
 * costs the store its own read and write only. What that allows: a poll closed on another
 * instance may take answers for up to `pollMs` more; a profession changed on another instance
 * shows on answers up to `profileMs` later. A read under way serves every answer that needs
 * the same record meanwhile: when an entry lapses under load, the store is read once, not once
 * an answer in flight (32 reads of the poll at once, in the Cosmos DB bench).
 */
/** What production runs with: a poll for 2 s, a profile for 30 s. */
export const PRODUCTION_CACHE = { pollMs: 2_000, profileMs: 30_000 } as const;

export function cachedStore(store: Store, options: { pollMs: number; profileMs: number; maxEntries?: number }): Store {
  const max = options.maxEntries ?? 10_000;
  const polls = new Map<string, { at: number; value: Poll | undefined }>();
  const profiles = new Map<string, { at: number; value: Profile | undefined }>();
  const sent = new Map<string, { at: number; value: Delivery }>();
  const remember = <T>(map: Map<string, { at: number; value: T }>, key: string, value: T) => {
    map.delete(key);
    map.set(key, { at: Date.now(), value });
    if (map.size > max) map.delete(map.keys().next().value!);
  };
  const fresh = <T>(map: Map<string, { at: number; value: T }>, key: string, ttl: number) => {
    const entry = map.get(key);
    return entry && Date.now() - entry.at < ttl ? entry : undefined;
  };
  /** Reads under way, by kind and key; a write drops its key's, so no read that began before it is shared or remembered after it. */
  const reading = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>, keep: (value: T) => void): Promise<T> => {
    const running = reading.get(key) as Promise<T> | undefined;
    if (running) return running;
    const work = read().then(
      (value) => {
        if (reading.get(key) === work) {
          reading.delete(key);
          keep(value);
        }
        return value;
      },
      (error: unknown) => {
        if (reading.get(key) === work) reading.delete(key);
        throw error;
      },
    );
    reading.set(key, work);
    return work;
  };
  return {
    ...store,
    polls: {
      ...store.polls,
      get: async (id) => {
        const hit = fresh(polls, id, options.pollMs);
        if (hit) return hit.value;
        // An unknown id is not remembered: it may be created next.
        return once(
          `poll:${id}`,
          () => store.polls.get(id),
          (value) => value && remember(polls, id, value),
        );
      },
      create: async (poll) => {
        polls.delete(poll.id);
        reading.delete(`poll:${poll.id}`);
        await store.polls.create(poll);
      },
      update: async (poll, expectedVersion) => {
        polls.delete(poll.id);
        reading.delete(`poll:${poll.id}`);
        return store.polls.update(poll, expectedVersion);
      },
    },
    profiles: {
      ...store.profiles,
      get: async (id) => {
        const hit = fresh(profiles, id, options.profileMs);
        if (hit) return hit.value;
        return once(
          `profile:${id}`,
          () => store.profiles.get(id),
          (value) => remember(profiles, id, value),
        );
      },
      save: async (profile) => {
        profiles.delete(profile.aadObjectId);
        reading.delete(`profile:${profile.aadObjectId}`);
        await store.profiles.save(profile);
      },
    },
    deliveries: {
      ...store.deliveries,
      // Only a sent delivery is remembered: "posted here" can then be answered from memory.
      get: async (id) => {
        const hit = fresh(sent, id, options.pollMs);
        if (hit) return hit.value;
        return once(
          `delivery:${id}`,
          () => store.deliveries.get(id),
          (value) => value?.kind === 'post' && value.status === 'sent' && remember(sent, id, value),
        );
      },
    },
    erasePerson: async (person) => {
      polls.clear();
      profiles.clear();
      sent.clear();
      reading.clear();
      return store.erasePerson(person);
    },
  };
}
