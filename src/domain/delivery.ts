import type { ConversationAddress } from './installation';

/**
 * The durable outbox: one delivery per thing to send to one channel (a poll's card, an
 * update of it, a reminder). A delivery is claimed before it is sent, recorded as sent with
 * where it landed, retried after a throttle or a fault, and given up after a bounded number of
 * attempts with the reason. Pure data and rules; the worker and the stores act on it.
 */

/** One posted copy of a card (a poll's, a digest's): where it landed, and the activity to update. */
export interface Posting {
  readonly teamId: string;
  readonly channelId: string;
  /** The thread's conversation id, as Teams sends it on the card's invokes. */
  readonly conversationId: string;
  readonly activityId: string;
  readonly serviceUrl: string;
  readonly address: ConversationAddress;
  readonly postedAt: string;
}

export function channelOfConversation(conversationId: string): string {
  return conversationId.split(';')[0] ?? conversationId;
}

/**
 * The root message of a channel thread: Teams names a new thread `19:…@thread.tacv2;messageid=<n>`,
 * and its first message (the card) has the activity id `<n>`.
 */
export function threadRootId(conversationId: string): string | undefined {
  return /;messageid=([^;]+)$/.exec(conversationId)?.[1];
}

/**
 * Postings recorded before the fix took their activity id from botbuilder's createConversation
 * turn, which names the new conversation's id instead of the card's: updates and deletes then
 * missed the card. Such a posting's card is the thread's root, so its id is in the thread id.
 * Returns the repaired posting, or undefined when there is nothing to repair.
 */
export function repairPosting(posting: Posting): Posting | undefined {
  if (posting.activityId !== posting.conversationId) return undefined;
  const root = threadRootId(posting.conversationId);
  return root ? { ...posting, activityId: root } : undefined;
}

/** Where something can be posted: a channel of a team the bot is installed in. */
export interface ChannelTarget {
  readonly teamId: string;
  readonly channelId: string;
  readonly tenantId: string;
  readonly serviceUrl: string;
  /** The team installation's conversation reference (a personal chat's, when `personal`). */
  readonly address: ConversationAddress;
  /** A person's chat with the bot (channelId is its conversation id), not a team channel. */
  readonly personal?: boolean;
}

/**
 * post: a poll's card; digest: a week's digest card (the subject is `digest-<week>`); report:
 * the message to a launch's author, in their chat, once all its posts have gone.
 */
export type DeliveryKind = 'post' | 'update' | 'reminder' | 'delete' | 'digest' | 'report';
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

/** What a delivery is about: a poll (its card, updates, reminder, deletion, launch report) or a week's digest. */
export type DeliveryAbout = { readonly pollId: string } | { readonly weekId: string };

export interface Delivery {
  /** `<subject>:<kind>:<channelId>`: one per (subject, kind, channel), so enqueueing twice is harmless. */
  readonly id: string;
  /**
   * What it is about, as one key: a poll's id, or `digest-<week>`. The outbox lists a poll's
   * deliveries by it, and Cosmos DB partitions them by it.
   */
  readonly subject: string;
  /** A poll's deliveries: the poll. */
  readonly pollId?: string;
  /** A digest delivery: the week, by its Monday ("2026-11-16"). */
  readonly weekId?: string;
  readonly kind: DeliveryKind;
  readonly target: ChannelTarget;
  /** For update, reminder and delete: the post they are about. */
  readonly posting?: Posting;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** Not before this time (a scheduled launch, a Retry-After, a back-off). */
  readonly notBefore: string;
  readonly claimedBy?: string;
  /** A claim ends here: a worker that died mid-send leaves a claim that others may take after it. */
  readonly leaseUntil?: string;
  readonly lastError?: string;
  /** Set once sent: where the post landed (for a 'post'). */
  readonly sent?: Posting;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const MAX_ATTEMPTS = 6;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 60_000;

export function deliveryId(subject: string, kind: DeliveryKind, channelId: string): string {
  return `${subject}:${kind}:${channelId}`;
}

/** The one key of what a delivery is about (no ":" in it). */
export function subjectOf(about: DeliveryAbout): string {
  return 'pollId' in about ? about.pollId : `digest-${about.weekId}`;
}

export function newDelivery(
  about: DeliveryAbout,
  kind: DeliveryKind,
  target: ChannelTarget,
  now: string,
  options: { notBefore?: string; posting?: Posting } = {},
): Delivery {
  const subject = subjectOf(about);
  return {
    id: deliveryId(subject, kind, target.channelId),
    subject,
    ...about,
    kind,
    target,
    ...(options.posting ? { posting: options.posting } : {}),
    status: 'pending',
    attempts: 0,
    notBefore: options.notBefore ?? now,
    createdAt: now,
    updatedAt: now,
  };
}

/** How a send failed, as the worker classifies the platform's answer. */
export type SendFailure =
  | { readonly kind: 'throttled'; readonly retryAfterMs?: number }
  | { readonly kind: 'transient'; readonly reason: string }
  | { readonly kind: 'blocked'; readonly reason: string }
  | { readonly kind: 'permanent'; readonly reason: string };

/**
 * After a failed send: wait as Teams said (429), or back off exponentially with jitter and a
 * cap (5xx, timeouts); give up after MAX_ATTEMPTS, or at once when the bot was removed (403).
 */
export function afterFailure(delivery: Delivery, failure: SendFailure, now: Date, random: () => number = Math.random): Delivery {
  const attempts = delivery.attempts + 1;
  const base = { ...delivery, attempts, updatedAt: now.toISOString(), claimedBy: undefined, leaseUntil: undefined };
  if (failure.kind === 'blocked' || failure.kind === 'permanent') {
    return { ...base, status: 'failed', lastError: failure.reason };
  }
  if (attempts >= MAX_ATTEMPTS) {
    const reason = failure.kind === 'throttled' ? 'still throttled by Teams' : failure.reason;
    return { ...base, status: 'failed', lastError: `gave up after ${attempts} attempts: ${reason}` };
  }
  const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1));
  const wait = failure.kind === 'throttled' && failure.retryAfterMs !== undefined ? failure.retryAfterMs : backoff / 2 + random() * (backoff / 2);
  return {
    ...base,
    status: 'pending',
    notBefore: new Date(now.getTime() + wait).toISOString(),
    lastError: failure.kind === 'throttled' ? 'throttled by Teams (429)' : failure.reason,
  };
}

export function afterSuccess(delivery: Delivery, now: Date, sent?: Posting): Delivery {
  return {
    ...delivery,
    status: 'sent',
    attempts: delivery.attempts + 1,
    updatedAt: now.toISOString(),
    claimedBy: undefined,
    leaseUntil: undefined,
    lastError: undefined,
    ...(sent ? { sent } : {}),
  };
}

/**
 * A delivery as an earlier release stored it (its subject in `pollId`, a digest's as
 * `digest-<week>`), read as today's. Both stores read every delivery through this.
 */
export function deliveryFromStored(stored: Delivery): Delivery {
  if (stored.subject) return stored;
  const legacy = (stored as { pollId?: string }).pollId ?? '';
  const week = /^digest-(.+)$/.exec(legacy)?.[1];
  const { pollId: _legacy, ...rest } = stored;
  return week ? { ...rest, subject: legacy, weekId: week } : { ...rest, subject: legacy, pollId: legacy };
}
