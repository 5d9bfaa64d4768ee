import { createHmac } from 'node:crypto';
import type { Poll } from '../../domain/poll';
import type { Actor } from '../../domain/actor';

/**
 * The key that makes "one response per person per poll" hold. Named polls use the Entra
 * object id. Anonymous polls use an HMAC of it, keyed by a secret kept outside the store and
 * salted with the poll id, so the store alone cannot tell who answered, nor link one person's
 * answers across polls.
 */
export type RespondentKeyer = (poll: Poll, actor: Actor) => string;

export function respondentKeyer(secret: string): RespondentKeyer {
  if (secret.length < 32) throw new Error('The respondent key secret must be at least 32 characters.');
  return (poll, actor) => {
    const who = actor.aadObjectId ? `aad:${actor.aadObjectId.toLowerCase()}` : `user:${actor.userId}`;
    if (!poll.anonymous) return who;
    return `anon:${createHmac('sha256', secret).update(`${poll.id}\n${who}`).digest('base64url')}`;
  };
}
