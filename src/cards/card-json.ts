/**
 * The JSON text of cards drawn from parts already serialised. A person's view of a poll is the
 * same card for everyone who gave the same answer, but for the line saying how many have
 * answered: drawn-cards.ts serialises the rest once, as UTF-8, and a card for one answer is
 * those bytes around its own line. The HTTP server writes a reply carrying such a card with
 * them (`replyJson`), instead of serialising and encoding 8 KB of card again for every answer.
 * The card object is still whole, and frozen, so the text cannot fall out of step with it.
 */

/** JSON text in pieces: a Buffer is UTF-8 text, a string is text as it is. */
export type JsonPieces = readonly (Buffer | string)[];

const serialised = new WeakMap<object, JsonPieces>();

/** Remembers `pieces` as the text of `card`, which must be frozen: together, exactly what `JSON.stringify(card)` gives. */
export function withJson<T extends object>(card: T, pieces: JsonPieces): T {
  serialised.set(card, pieces);
  return card;
}

/** The remembered JSON text of a card, if it was drawn with one. */
export function knownJson(card: object): string | undefined {
  return serialised.get(card)?.map(String).join('');
}

/** Stands in a reply for its card while the rest of the reply is serialised; a reply's own fields hold no NUL. */
const CARD_MARK = '\u0000card\u0000';
const CARD_MARK_JSON = JSON.stringify(CARD_MARK);

/**
 * `JSON.stringify(body)`, the same text; as UTF-8 bytes when `body.value` is a card drawn with
 * its text (an invoke's reply: `{ statusCode, type, value: card }`), the rest of the reply
 * serialised around the card's own bytes.
 */
export function replyJson(body: unknown): string | Buffer {
  const value = body !== null && typeof body === 'object' ? (body as { value?: unknown }).value : undefined;
  const pieces = value !== null && typeof value === 'object' ? serialised.get(value) : undefined;
  if (pieces === undefined) return JSON.stringify(body);
  const rest = JSON.stringify({ ...(body as object), value: CARD_MARK });
  const at = rest.indexOf(CARD_MARK_JSON);
  if (at < 0 || rest.indexOf(CARD_MARK_JSON, at + 1) >= 0) return JSON.stringify(body);
  return joined([rest.slice(0, at), ...pieces, rest.slice(at + CARD_MARK_JSON.length)]);
}

/**
 * Replies are cut from slabs, as Node's own pool cuts small Buffers (a reply is too big for
 * that pool, and a fresh allocation each was a visible share of an answer's work). A slab's
 * bytes are never reused: a reply may still be on its way out when the next is cut, and the
 * slab is let go once no reply holds it.
 */
const SLAB_BYTES = 256 * 1024;
let slab = Buffer.allocUnsafeSlow(0);
let used = 0;

function joined(pieces: JsonPieces): Buffer {
  let length = 0;
  for (const piece of pieces) length += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
  let out: Buffer;
  if (length > SLAB_BYTES / 4) {
    out = Buffer.allocUnsafe(length);
  } else {
    if (used + length > slab.length) {
      slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      used = 0;
    }
    out = slab.subarray(used, used + length);
    used += (length + 7) & ~7;
  }
  let at = 0;
  for (const piece of pieces) at += typeof piece === 'string' ? out.write(piece, at) : piece.copy(out, at);
  return out;
}
