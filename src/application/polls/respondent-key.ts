import { PulseError } from '../../domain/errors';
import { createHmac, createSecretKey } from 'node:crypto';
import type { Poll } from '../../domain/poll';
import type { Actor } from '../../domain/actor';

/**
 * The key that makes "one response per person per poll" hold. Named polls use the Entra
 * object id. Anonymous polls use an HMAC of it, keyed by a secret kept outside the store and
 * salted with the poll id, so the store alone cannot tell who answered, nor link one person's
 * answers across polls.
 */
export type RespondentKeyer = (poll: Poll, actor: Actor) => string;

/** A person's keyed pseudonym, the same in every poll: what the digest counts people by, and audit records and logs name people by. */
export type Pseudonymiser = (actor: Pick<Actor, 'aadObjectId' | 'userId'>) => string;

export function pseudonymiser(secret: string): Pseudonymiser {
  checkSecret(secret);
  const key = createSecretKey(Buffer.from(secret));
  return (actor) => {
    const who = actor.aadObjectId ? `aad:${actor.aadObjectId.toLowerCase()}` : `user:${actor.userId}`;
    return `pn:${createHmac('sha256', key).update(`participant\n${who}`).digest('base64url').slice(0, 22)}`;
  };
}

function checkSecret(secret: string): void {
  if (secret.length < 32)
    throw new PulseError(
      'ahp_pulse_respondent_key_too_short',
      `The respondent key secret has ${secret.length} characters; it needs at least 32. Set RESPONDENT_KEY_SECRET to 32 or more random characters.`,
    );
}

export function respondentKeyer(secret: string): RespondentKeyer {
  checkSecret(secret);
  // Made once: a key given as a string is made into a key again for every HMAC.
  const key = createSecretKey(Buffer.from(secret));
  return (poll, actor) => {
    const who = actor.aadObjectId ? `aad:${actor.aadObjectId.toLowerCase()}` : `user:${actor.userId}`;
    if (!poll.anonymous) return who;
    return `anon:${createHmac('sha256', key).update(`${poll.id}\n${who}`).digest('base64url')}`;
  };
}
