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

/**
 * Where records that are not the person's name a person, by the field that holds their object
 * id: an erasure finds those records by that field alone (an index, in both stores), and
 * scrubs only structured identity fields there (scrubPersonFields), never free text: a name is
 * taken out only where it sits beside the person's own id. Team installations and delivery
 * targets no longer store who installed the bot (a channel's conversation reference needs no
 * user); those two paths find what earlier releases stored.
 */
export const PERSON_FIELDS = {
  installations: 'address.user.aadObjectId',
  polls: 'author.aadObjectId',
  weeklyPulses: 'createdBy.aadObjectId',
  leads: 'addedBy',
  deliveries: 'target.address.user.aadObjectId',
} as const;
export type ScrubbedTable = keyof typeof PERSON_FIELDS;

/**
 * The value with the person's identity fields replaced: any object whose `aadObjectId` is
 * theirs gets their pseudonym there, in its `id` if that is one of their Teams ids, and
 * "erased" as its `name`; an `addedBy` that is their object id gets their pseudonym. Nothing
 * else changes: another person who shares their name, or text that contains it, is left alone.
 */
export function scrubPersonFields<T>(value: T, person: PersonToErase): T {
  const id = person.aadObjectId.toLowerCase();
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const object = v as Record<string, unknown>;
    const theirs = typeof object.aadObjectId === 'string' && object.aadObjectId.toLowerCase() === id;
    return Object.fromEntries(
      Object.entries(object).map(([key, child]) => {
        if (theirs && key === 'aadObjectId') return [key, person.pseudonym];
        if (theirs && key === 'name' && typeof child === 'string') return [key, ERASED_NAME];
        if (theirs && key === 'id' && typeof child === 'string' && person.userIds.includes(child)) return [key, person.pseudonym];
        if (key === 'addedBy' && typeof child === 'string' && child.toLowerCase() === id) return [key, person.pseudonym];
        return [key, walk(child)];
      }),
    );
  };
  return walk(value) as T;
}

/** A scrubbed record's version, one on, so that a write that read it before the erasure cannot put the person back. */
export function bumpedVersion<T>(value: T): T {
  const object = value as { version?: unknown };
  return (typeof object.version === 'number' ? { ...object, version: object.version + 1 } : value) as T;
}
