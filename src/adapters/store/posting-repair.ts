import { type Posting, repairPosting } from '../../domain/delivery';

/** What a poll or a delivery may hold of postings. */
interface HoldsPostings {
  readonly postings?: readonly Posting[];
  readonly sent?: Posting;
  readonly posting?: Posting;
}

/**
 * The stored shapes that hold postings: a poll (the card posted where it was started) and a
 * delivery (the post it made, or the post it updates or deletes). Both stores migrate them
 * with this one function, so the rule (domain/poll.ts, repairPosting) is written once.
 * Returns the repaired object, or undefined when nothing in it needed repair.
 */
export function repairPostingsIn<T extends HoldsPostings>(stored: T): T | undefined {
  let changed = false;
  const fix = (posting: Posting): Posting => {
    const repaired = repairPosting(posting);
    if (!repaired) return posting;
    changed = true;
    return repaired;
  };
  const result: T = {
    ...stored,
    ...(Array.isArray(stored.postings) ? { postings: stored.postings.map(fix) } : {}),
    ...(stored.sent ? { sent: fix(stored.sent) } : {}),
    ...(stored.posting ? { posting: fix(stored.posting) } : {}),
  };
  return changed ? result : undefined;
}
