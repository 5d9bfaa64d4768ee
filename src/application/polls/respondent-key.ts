import { createCipheriv, createHmac, createSecretKey, hkdfSync, type KeyObject, randomBytes } from 'node:crypto';
import type { Actor } from '../../domain/actor';
import type { ParticipantOpener } from '../../domain/digest/builder';
import { PulseError } from '../../domain/errors';
import type { Poll } from '../../domain/poll';

/**
 * The key that makes "one response per person per poll" hold. Named polls use the Entra
 * object id. Anonymous polls use an HMAC of it, keyed by a secret kept outside the store and
 * salted with the poll id, so the store alone cannot tell who answered, nor link one person's
 * answers across polls.
 */
export type RespondentKeyer = (poll: Poll, actor: Actor) => string;

/**
 * A person's keyed pseudonym for audit records and log lines ("pn:…"). Its key is derived for
 * that use alone, so nothing stored with an answer is equal to it, or can be worked out from it
 * without the secret.
 */
export type Pseudonymiser = (actor: Pick<Actor, 'aadObjectId' | 'userId'>) => string;

function whoOf(actor: Pick<Actor, 'aadObjectId' | 'userId'>): string {
  return actor.aadObjectId ? `aad:${actor.aadObjectId.toLowerCase()}` : `user:${actor.userId}`;
}

/** A key for one use, derived from the secret (HKDF-SHA256), so that no two uses share a key. */
function derivedKey(secret: string, use: string): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync('sha256', Buffer.from(secret), Buffer.alloc(0), `ahp-pulse ${use} v1`, 32)));
}

export function pseudonymiser(secret: string): Pseudonymiser {
  checkSecret(secret);
  const key = derivedKey(secret, 'logs and audit');
  return (actor) => `pn:${createHmac('sha256', key).update(whoOf(actor)).digest('base64url').slice(0, 22)}`;
}

/**
 * What lets the digest count people rather than answers, across polls, without the store
 * holding anything that links one poll's answers to another's.
 *
 * A person's participant value is 16 bytes of an HMAC of their id (the same bytes that
 * earlier releases stored in the clear as `participantKey`). A response holds it only
 * sealed: `s1.` and r ‖ (AES-256(k, r) ⊕ value), where r is 16 fresh random bytes (one block of
 * CTR mode with a random counter). Two seals of the same person share no byte pattern, and
 * nothing in one can be computed from a named row, an audit record or a log line without the
 * key, which is derived from RESPONDENT_KEY_SECRET for this use alone. The digest opens a
 * batch of seals with one AES-ECB pass over their r's, and counts participants in memory only.
 */
export interface ParticipantSeals {
  /** A fresh seal of the person's participant value, for the response being saved. */
  seal(actor: Pick<Actor, 'aadObjectId' | 'userId'>): string;
  /** A fresh seal of a value stored in the clear by an earlier release (`participantKey`, "pn:…"); undefined if it is not one. */
  sealLegacy(participantKey: string): string | undefined;
  /** Opens seals for the digest's count. */
  readonly opener: ParticipantOpener;
}

const SEAL_PREFIX = 's1.';
const BLOCK = 16;
/** The prefix and 32 bytes in base64url (43 characters). */
const SEAL_LENGTH = SEAL_PREFIX.length + 43;

export function participantSeals(secret: string): ParticipantSeals {
  checkSecret(secret);
  const valueKey = createSecretKey(Buffer.from(secret));
  const sealKey = derivedKey(secret, 'participant seal');
  const blocks = (input: Buffer) => {
    const cipher = createCipheriv('aes-256-ecb', sealKey, null).setAutoPadding(false);
    return Buffer.concat([cipher.update(input), cipher.final()]);
  };
  const sealValue = (value: Buffer) => {
    const r = randomBytes(BLOCK);
    const pad = blocks(r);
    const out = Buffer.alloc(2 * BLOCK);
    r.copy(out, 0);
    for (let i = 0; i < BLOCK; i++) out[BLOCK + i] = pad[i]! ^ value[i]!;
    return `${SEAL_PREFIX}${out.toString('base64url')}`;
  };
  return {
    seal: (actor) =>
      sealValue(
        createHmac('sha256', valueKey)
          .update(`participant\n${whoOf(actor)}`)
          .digest()
          .subarray(0, BLOCK),
      ),
    sealLegacy: (participantKey) => {
      if (!/^pn:[A-Za-z0-9_-]{22}$/.test(participantKey)) return undefined;
      return sealValue(Buffer.from(participantKey.slice(3), 'base64url').subarray(0, BLOCK));
    },
    opener: {
      // One allocation a batch, not a seal: a digest opens a million.
      open: (seals) => {
        const raw = Buffer.alloc(seals.length * 2 * BLOCK);
        const counters = Buffer.alloc(seals.length * BLOCK);
        const ok = seals.map((seal, i) => {
          if (seal.length !== SEAL_LENGTH || !seal.startsWith(SEAL_PREFIX)) return false;
          if (raw.write(seal.slice(SEAL_PREFIX.length), i * 2 * BLOCK, 2 * BLOCK, 'base64url') !== 2 * BLOCK) return false;
          raw.copy(counters, i * BLOCK, i * 2 * BLOCK, i * 2 * BLOCK + BLOCK);
          return true;
        });
        const pads = seals.length > 0 ? blocks(counters) : counters;
        for (let i = 0; i < seals.length; i++) {
          for (let j = 0; j < BLOCK; j++) pads[i * BLOCK + j]! ^= raw[i * 2 * BLOCK + BLOCK + j]!;
        }
        return ok.map((good, i) => (good ? pads.toString('latin1', i * BLOCK, (i + 1) * BLOCK) : undefined));
      },
    },
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
    const who = whoOf(actor);
    if (!poll.anonymous) return who;
    return `anon:${createHmac('sha256', key).update(`${poll.id}\n${who}`).digest('base64url')}`;
  };
}
