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
