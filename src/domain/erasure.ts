/**
 * Erasing one person ("delete my data"): what identifies them, and how their traces are taken
 * out of records that are not theirs (a team's stored conversation reference names whoever
 * installed the bot; a poll names its author; a lead grant names who added it). Those records
 * stay, with the person's ids replaced by their keyed pseudonym and their name by "erased".
 */
export interface PersonToErase {
  /** Entra object id, lower-case. */
  readonly aadObjectId: string;
  /** Their Teams user ids ("29:…"), as activities and conversation references hold them. */
  readonly userIds: readonly string[];
  /** Display names they were stored under. */
  readonly names: readonly string[];
  /** Their keyed pseudonym (the logs' and audit's): what replaces their ids in records that are not theirs. */
  readonly pseudonym: string;
  /** Their answers to anonymous polls, found by recomputing each poll's keyed hash. */
  readonly anonymousResponses: readonly { readonly pollId: string; readonly respondentKey: string }[];
  /** Their personal chat with the bot: its conversation state and what was queued for it go. */
  readonly conversationIds: readonly string[];
}

/** How many records of each kind an erasure deleted, and how many other records it scrubbed. */
export interface ErasureCounts {
  readonly profiles: number;
  readonly namedResponses: number;
  readonly anonymousResponses: number;
  readonly installations: number;
  readonly digestSubscriptions: number;
  readonly leadGrants: number;
  readonly conversationState: number;
  readonly deliveries: number;
  /** Records kept (polls, team installations, grants, pulses) with the person's ids and name taken out. */
  readonly scrubbed: number;
}

export const ERASED_NAME = 'erased';
const MIN_NAME = 3;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The strings that identify the person, as one case-insensitive pattern each: ids anywhere in a string, names as whole words. */
export function identifyingPatterns(person: PersonToErase): { ids: RegExp | undefined; names: RegExp | undefined } {
  const ids = [person.aadObjectId, ...person.userIds].filter((s) => s.length > 0).map(escapeRegExp);
  const names = person.names
    .map((n) => n.trim())
    .filter((n) => n.length >= MIN_NAME)
    .map(escapeRegExp);
  return {
    ids: ids.length > 0 ? new RegExp(ids.join('|'), 'gi') : undefined,
    names: names.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${names.join('|')})(?![\\p{L}\\p{N}])`, 'giu') : undefined,
  };
}

/** Whether a stored text (a row's JSON) mentions the person at all: the cheap test before parsing it. */
export function mentions(text: string, person: PersonToErase): boolean {
  const { ids, names } = identifyingPatterns(person);
  return Boolean((ids && new RegExp(ids.source, 'i').test(text)) || (names && new RegExp(names.source, 'iu').test(text)));
}

/** The value with every id of the person replaced by their pseudonym and every name of theirs by "erased". */
export function scrubPerson<T>(value: T, person: PersonToErase): T {
  const { ids, names } = identifyingPatterns(person);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      let out = ids ? v.replace(ids, person.pseudonym) : v;
      if (names) out = out.replace(names, ERASED_NAME);
      return out;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, child]) => [k, walk(child)]));
    return v;
  };
  return walk(value) as T;
}
