import type { Poll } from '../../domain/poll';
import type { PollResults } from '../../domain/results';

/**
 * Recent results per poll. Counting reads every response of a poll, so a busy poll must not
 * recount on every answer: a person's own view reuses results at most `maxAgeMs` old (the
 * same age as the shared card's), while the shared card, which is already coalesced, always
 * recounts and refreshes the entry. A closed poll's results are counted afresh once.
 */
export class ResultsCache {
  private readonly entries = new Map<string, { at: number; status: Poll['status']; results: PollResults }>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxEntries = 1_000,
  ) {}

  private readonly counts = new Map<string, { at: number; status: Poll['status']; n: number }>();

  /**
   * How many have answered, on the same terms: a person's own view may show a count up to
   * `maxAgeMs` old (a COUNT reads the poll's partition: on Cosmos DB, a request an answer whose
   * cost grows with the poll); the shared card recounts.
   */
  async respondents(poll: Poll, fresh: boolean, count: () => Promise<number>): Promise<number> {
    const entry = this.counts.get(poll.id);
    if (!fresh && entry && entry.status === poll.status && Date.now() - entry.at < this.maxAgeMs) return entry.n;
    const n = await count();
    this.counts.delete(poll.id);
    this.counts.set(poll.id, { at: Date.now(), status: poll.status, n });
    if (this.counts.size > this.maxEntries) this.counts.delete(this.counts.keys().next().value!);
    return n;
  }

  /** An answer created here counts at once: the person who just answered sees themselves counted. */
  answerCreated(pollId: string): void {
    const entry = this.counts.get(pollId);
    if (entry) this.counts.set(pollId, { ...entry, n: entry.n + 1 });
  }

  async get(poll: Poll, fresh: boolean, count: () => Promise<PollResults>): Promise<PollResults> {
    const entry = this.entries.get(poll.id);
    if (!fresh && entry && entry.status === poll.status && Date.now() - entry.at < this.maxAgeMs) return entry.results;
    const results = await count();
    this.entries.delete(poll.id);
    this.entries.set(poll.id, { at: Date.now(), status: poll.status, results });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return results;
  }
}
