import type { Poll } from '../../domain/poll';
import type { PollResults } from '../../domain/result-rows';

type Entry<T> = { at: number; status: Poll['status']; value: T; costMs: number };

/**
 * A poll's recount may take at most a tenth of the time: a count that took 300 ms (a poll of
 * tens of thousands) is reused for 3 s, and the shared card waits as long for its next one.
 */
const RECOUNT_SHARE = 10;

/**
 * Recent results per poll. Counting reads every response of a poll, so a busy poll must not
 * recount on every answer: a person's own view reuses results (and the number who answered) at
 * most `maxAgeMs` old (the same age as the shared card's), while the shared card, which is
 * already coalesced, always recounts and refreshes the entry. A closed poll's results are
 * counted afresh once. However big a poll grows, recounting it takes a bounded share of the
 * time (RECOUNT_SHARE): the answers arriving meanwhile are what the bot is for.
 */
export class ResultsCache {
  private readonly results = new Map<string, Entry<PollResults>>();
  private readonly counts = new Map<string, Entry<number>>();
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxEntries = 1_000,
  ) {}

  /** How many have answered: a COUNT reads the poll's partition (on Cosmos DB, a request whose cost grows with the poll). */
  respondents(poll: Poll, fresh: boolean, count: () => Promise<number>): Promise<number> {
    return this.cached(this.counts, poll, fresh, count);
  }

  /** An answer created here counts at once: the person who just answered sees themselves counted. */
  answerCreated(pollId: string): void {
    const entry = this.counts.get(pollId);
    if (entry) this.counts.set(pollId, { ...entry, value: entry.value + 1 });
  }

  get(poll: Poll, fresh: boolean, count: () => Promise<PollResults>): Promise<PollResults> {
    return this.cached(this.results, poll, fresh, count);
  }

  /** How long the shared card should wait between recounts of this poll, from what its last recount took. */
  minimumGapMs(pollId: string): number {
    return RECOUNT_SHARE * Math.max(this.results.get(pollId)?.costMs ?? 0, this.counts.get(pollId)?.costMs ?? 0);
  }

  private async cached<T>(map: Map<string, Entry<T>>, poll: Poll, fresh: boolean, compute: () => Promise<T>): Promise<T> {
    const entry = map.get(poll.id);
    if (!fresh && entry && entry.status === poll.status && Date.now() - entry.at < Math.max(this.maxAgeMs, RECOUNT_SHARE * entry.costMs)) return entry.value;
    // A count under way serves everyone who asks meanwhile: a recount pages through the whole
    // poll, and a busy poll's answers would otherwise each start one of their own.
    const key = `${map === this.counts ? 'n' : 'r'}:${poll.id}:${poll.status}`;
    const running = this.running.get(key) as Promise<T> | undefined;
    if (running && !fresh) return running;
    const started = Date.now();
    const work = compute().finally(() => {
      if (this.running.get(key) === work) this.running.delete(key);
    });
    this.running.set(key, work);
    const value = await work;
    const latest = map.get(poll.id);
    if (!latest || latest.at <= started) {
      map.delete(poll.id);
      map.set(poll.id, { at: started, status: poll.status, value, costMs: Date.now() - started });
      if (map.size > this.maxEntries) map.delete(map.keys().next().value!);
    }
    return value;
  }
}
